package io.mirrorkit.transport.rsync.internal.flist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mirrorkit.ListingLimits;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.spi.ListingGuard;
import io.mirrorkit.transport.rsync.internal.flist.Captures.Capture;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile file lists: real captured lists (rsync 3.2.7 and 3.5.0, protocols 30 to 32, byte and
 * varint flags, with io_errors), mutated, cut and spliced, and plain noise, fed to the reader as
 * the whole rest of the stream. Whatever comes, the reader must end quickly with a valid list whose
 * every name is a valid {@link MirrorPath}, or with a {@link ProtocolException} or {@link
 * UnsafePathException} — never another exception, never a hang, never an OutOfMemoryError.
 */
class FileListFuzzProperties {
  /** A capture's list bytes (the demultiplexed stream from the start of the file list). */
  record Seed(String name, int protocol, boolean varintFlags, byte[] list) {}

  private static final List<Seed> SEEDS = loadSeeds();

  private static List<Seed> loadSeeds() {
    List<Seed> out = new ArrayList<>();
    Object[][] captures = {
      {"cap-a-2.s2c", 32},
      {"rsync350-mod-p32.s2c", 32},
      {"rsync350-mod-p31-byteflags.s2c", 31},
      {"rsync350-mod-p30-byteflags.s2c", 30},
      {"rsync350-mod-p30-varint.s2c", 30},
      {"rsync350-ioerr-p32.s2c", 32},
      {"rsync350-ioerr-p31-byteflags.s2c", 31},
      {"rsync350-ioerr-p30-nosafe.s2c", 30},
      {"rsync350-names-p32.s2c", 32},
    };
    for (Object[] c : captures) {
      try {
        Capture capture = Captures.open((String) c[0]);
        out.add(new Seed((String) c[0], (Integer) c[1], capture.varintFlags(), rest(capture)));
      } catch (IOException e) {
        throw new IllegalStateException("cannot open capture " + c[0], e);
      }
    }
    return out;
  }

  /** The demultiplexed data up to the end of the capture (which may stop inside a frame). */
  private static byte[] rest(Capture capture) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = capture.in.stream().read(buffer)) > 0) {
        b.write(buffer, 0, n);
      }
    } catch (IOException end) {
      // the capture ends inside a frame: keep what came
    }
    return b.toByteArray();
  }

  /** One change to a seed. */
  record Mutation(int kind, int position, byte[] bytes) {}

  @Provide
  Arbitrary<Mutation> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 1 << 16),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8))
        .as(Mutation::new);
  }

  @Provide
  Arbitrary<List<Mutation>> mutationLists() {
    return mutations().list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Integer> seeds() {
    return Arbitraries.integers().between(0, SEEDS.size() - 1);
  }

  static byte[] apply(byte[] data, List<Mutation> mutations) {
    byte[] b = data;
    for (Mutation m : mutations) {
      int p = b.length == 0 ? 0 : m.position() % b.length;
      switch (m.kind()) {
        case 0 -> { // overwrite
          b = b.clone();
          for (int i = 0; i < m.bytes().length && p + i < b.length; i++) {
            b[p + i] = m.bytes()[i];
          }
        }
        case 1 -> { // insert
          byte[] n = new byte[b.length + m.bytes().length];
          System.arraycopy(b, 0, n, 0, p);
          System.arraycopy(m.bytes(), 0, n, p, m.bytes().length);
          System.arraycopy(b, p, n, p + m.bytes().length, b.length - p);
          b = n;
        }
        case 2 -> b = Arrays.copyOf(b, p); // cut
        case 3 -> { // a huge length or count: 0xFF.. bytes
          b = b.clone();
          for (int i = 0; i < 5 && p + i < b.length; i++) {
            b[p + i] = (byte) (i == 0 ? 0xF0 | (m.bytes()[0] & 0x0F) : 0xFF);
          }
        }
        default -> { // flip one bit
          b = b.clone();
          if (b.length > 0) {
            b[p] ^= (byte) (1 << (m.bytes()[0] & 7));
          }
        }
      }
    }
    return b;
  }

  /** Reads and converts; returns normally for a valid list, throws what the reader threw. */
  static int readAll(byte[] bytes, int protocol, boolean varintFlags, Ids ids) throws IOException {
    ListingLimits limits = ListingLimits.defaults().withMaxEntries(100_000).withMaxDepth(64);
    FileListReader reader =
        new FileListReader(
            new WireInput(new ByteArrayInputStream(bytes)),
            FileListReader.Config.pull(protocol, varintFlags).withIds(ids),
            new ListBudget(ListingGuard.start(limits, "rsync://fuzz/mod/"), 64L << 20));
    List<FileEntry> entries = reader.read();
    FileList list = FileList.of(entries);
    List<RemoteEntry> converted = list.toRemoteEntries(w -> {}, reader.idNames());
    for (RemoteEntry e : converted) {
      assertThat(MirrorPath.parse(e.path().toString())).isEqualTo(e.path());
    }
    assertThat(converted.size()).isLessThanOrEqualTo(entries.size());
    return entries.size();
  }

  static void expectCleanOutcome(byte[] bytes, int protocol, boolean varintFlags, Ids ids) {
    String outcome =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> {
              try {
                readAll(bytes, protocol, varintFlags, ids);
                return "a valid list";
              } catch (ProtocolException | UnsafePathException expected) {
                assertThat(expected.getMessage()).isNotBlank();
                return expected.getClass().getSimpleName();
              }
            });
    Statistics.collect(outcome);
  }

  @Property(tries = 4000)
  void mutatedCapturesFailCleanlyOrParse(
      @ForAll("seeds") int seed,
      @ForAll("mutationLists") List<Mutation> mutations,
      @ForAll boolean owners) {
    Seed s = SEEDS.get(seed);
    Ids ids = owners ? new Ids(true, true, true, true) : Ids.NONE;
    expectCleanOutcome(apply(s.list(), mutations), s.protocol(), s.varintFlags(), ids);
  }

  @Property(tries = 500)
  void noiseFailsCleanly(
      @ForAll byte[] noise, @ForAll boolean varintFlags, @ForAll boolean owners) {
    Ids ids = owners ? new Ids(true, true, true, false) : Ids.NONE;
    expectCleanOutcome(noise, 31, varintFlags, ids);
  }

  @Property(tries = 50)
  void unmutatedCapturesParse(@ForAll("seeds") int seed) throws IOException {
    Seed s = SEEDS.get(seed);
    assertThat(readAll(s.list(), s.protocol(), s.varintFlags(), Ids.NONE))
        .as(s.name())
        .isPositive();
  }
}
