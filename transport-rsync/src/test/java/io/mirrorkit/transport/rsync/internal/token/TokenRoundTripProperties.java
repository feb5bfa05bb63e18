package io.mirrorkit.transport.rsync.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.transport.rsync.internal.golden.GoldenFiles;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Random sessions of files made of literal runs and block references survive encoding by the
 * test-only {@link TokenWriter} and decoding by the readers, for every compressor, with random
 * chunk sizes and read sizes.
 */
class TokenRoundTripProperties {
  /** One step of a file: literal data, or a block reference when {@code data} is null. */
  record Op(byte[] data, int block) {
    @Override
    public String toString() {
      return data == null ? "block " + block : "literal " + data.length;
    }
  }

  @Provide
  Arbitrary<List<List<Op>>> sessions() {
    Arbitrary<Op> literal =
        Combinators.combine(
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 70_000),
                Arbitraries.longs())
            .as((kind, len, seed) -> new Op(content(kind, len, seed), 0));
    Arbitrary<Op> block =
        Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 100)),
                Tuple.of(1, Arbitraries.integers().between(0, 0x7ffffffe)))
            .map(i -> new Op(null, i));
    Arbitrary<Op> op = Arbitraries.frequencyOf(Tuple.of(1, literal), Tuple.of(3, block));
    return op.list().ofMaxSize(40).map(TokenRoundTripProperties::withRuns).list().ofMaxSize(5);
  }

  /** Adds consecutive block references so that runs (and long runs) occur. */
  private static List<Op> withRuns(List<Op> ops) {
    List<Op> out = new ArrayList<>();
    for (Op op : ops) {
      out.add(op);
      if (op.data() == null && op.block() % 3 == 0 && op.block() < 0x7ffffffe - 70_000) {
        int extra = op.block() % 7 == 0 ? 66_000 : op.block() % 5;
        for (int i = 1; i <= extra; i++) {
          out.add(new Op(null, op.block() + i));
        }
      }
    }
    return out;
  }

  private static byte[] content(int kind, int len, long seed) {
    return switch (kind) {
      case 1 -> GoldenFiles.randomBytes(seed, len);
      case 2 -> new byte[len];
      default -> GoldenFiles.text((int) seed, len);
    };
  }

  @Property(tries = 60)
  void plain(
      @ForAll("sessions") List<List<Op>> session,
      @ForAll @IntRange(min = 1, max = 70_000) int readSize)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TokenWriter writer = TokenWriter.plain(bytes)) {
      write(writer, session);
    }
    assertRoundTrip(bytes.toByteArray(), "none", session, readSize);
  }

  @Property(tries = 60)
  void zlibx(
      @ForAll("sessions") List<List<Op>> session,
      @ForAll @IntRange(min = 1, max = 16383) int maxChunk,
      @ForAll @IntRange(min = 0, max = 9) int level,
      @ForAll @IntRange(min = 1, max = 70_000) int readSize)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TokenWriter writer = TokenWriter.zlibx(bytes, level, maxChunk)) {
      write(writer, session);
    }
    assertRoundTrip(bytes.toByteArray(), "zlibx", session, readSize);
  }

  @Property(tries = 60)
  void zstd(
      @ForAll("sessions") List<List<Op>> session,
      @ForAll @IntRange(min = 1, max = 16383) int maxChunk,
      @ForAll @IntRange(min = 1, max = 70_000) int readSize)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TokenWriter writer = TokenWriter.zstd(bytes, maxChunk)) {
      write(writer, session);
    }
    assertRoundTrip(bytes.toByteArray(), "zstd", session, readSize);
  }

  private static void write(TokenWriter writer, List<List<Op>> session) throws IOException {
    for (List<Op> file : session) {
      for (Op op : file) {
        if (op.data() != null) {
          writer.literal(op.data(), 0, op.data().length);
        } else {
          writer.block(op.block());
        }
      }
      writer.endFile();
    }
  }

  private static void assertRoundTrip(
      byte[] stream, String compression, List<List<Op>> session, int readSize) throws IOException {
    WireInput in = new WireInput(new ByteArrayInputStream(stream));
    try (TokenReader reader = TokenReaders.create(compression, in)) {
      for (List<Op> file : session) {
        assertThat(read(reader, readSize)).isEqualTo(canonical(file));
      }
    }
    assertThat(in.stream().read()).as("nothing left over").isEqualTo(-1);
  }

  /** The file as literal data runs (joined) and block numbers, as a list of strings. */
  private static List<String> canonical(List<Op> file) {
    List<String> out = new ArrayList<>();
    ByteArrayOutputStream literal = new ByteArrayOutputStream();
    for (Op op : file) {
      if (op.data() != null) {
        literal.writeBytes(op.data());
      } else {
        flush(literal, out);
        out.add("block " + op.block());
      }
    }
    flush(literal, out);
    return out;
  }

  private static List<String> read(TokenReader reader, int readSize) throws IOException {
    List<String> out = new ArrayList<>();
    ByteArrayOutputStream literal = new ByteArrayOutputStream();
    byte[] buf = new byte[readSize];
    for (int token; (token = reader.next()) != 0; ) {
      if (token > 0) {
        for (int left = token; left > 0; ) {
          int n = reader.readLiteral(buf, 0, Math.min(buf.length, left));
          literal.write(buf, 0, n);
          left -= n;
        }
        assertThat(reader.readLiteral(buf, 0, 1)).isEqualTo(-1);
      } else {
        flush(literal, out);
        out.add("block " + TokenReader.blockIndex(token));
      }
    }
    flush(literal, out);
    return out;
  }

  private static void flush(ByteArrayOutputStream literal, List<String> out) {
    if (literal.size() > 0) {
      byte[] data = literal.toByteArray();
      out.add("literal " + data.length + " " + Arrays.hashCode(data));
      literal.reset();
    }
  }
}
