package io.mirrorkit.transport.rsync.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.transport.rsync.internal.checksum.ChecksumType;
import io.mirrorkit.transport.rsync.internal.checksum.FileSum;
import io.mirrorkit.transport.rsync.internal.checksum.SumHead;
import io.mirrorkit.transport.rsync.internal.golden.GoldenFiles;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decodes the token streams a real rsync 3.5.0 daemon sent (see README.md beside the resources):
 * for each file in transfer order, the echoed sum header, the tokens and the xxh128 whole-file sum.
 * The rebuilt files must equal the server's and their sums must match.
 */
class GoldenSessionTest {
  private static final List<String> FILES =
      List.of("a-text.txt", "b-random.bin", "c-small.txt", "d-jumps.bin", "e-empty.txt");

  @ParameterizedTest
  @ValueSource(strings = {"zlibx", "zstd"})
  void rebuildsEveryFileOfTheSession(String compression) throws IOException {
    WireInput in = new WireInput(new ByteArrayInputStream(resource(compression + "-session.bin")));
    FileSum fileSum = new FileSum(ChecksumType.XXH128);
    Counts counts = new Counts();
    try (TokenReader tokens = TokenReaders.create(compression, in)) {
      for (String name : FILES) {
        byte[] basis = hasBasis(name) ? GoldenFiles.basis(name) : new byte[0];
        SumHead head = SumHead.read(in, ChecksumType.XXH128, basis.length);
        byte[] rebuilt = rebuild(tokens, head, basis, counts);
        assertThat(rebuilt).as(name).isEqualTo(GoldenFiles.file(name));
        fileSum.update(rebuilt, 0, rebuilt.length);
        assertThat(in.readBytes(16, "the file sum")).as(name).isEqualTo(fileSum.finish());
      }
    }
    assertThat(in.stream().read()).isEqualTo(-1);
    // a-text.txt: 71 + 70 + 71 blocks around the changed and the removed span; d-jumps.bin: 151
    assertThat(counts.blocks).isEqualTo(212 + 151);
  }

  private static boolean hasBasis(String name) {
    return name.equals("a-text.txt") || name.equals("d-jumps.bin");
  }

  static final class Counts {
    int blocks;
  }

  /** receiver.c receive_data: literal data as it comes, blocks copied from the basis. */
  static byte[] rebuild(TokenReader tokens, SumHead head, byte[] basis, Counts counts)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1000];
    for (int token; (token = tokens.next()) != 0; ) {
      if (token > 0) {
        for (int left = token; left > 0; ) {
          int n = tokens.readLiteral(buf, 0, Math.min(buf.length, left));
          assertThat(n).isPositive();
          out.write(buf, 0, n);
          left -= n;
        }
      } else {
        int block = TokenReader.blockIndex(token);
        assertThat(block).isLessThan(head.count());
        out.write(basis, (int) head.blockOffset(block), head.blockLength(block));
        counts.blocks++;
      }
    }
    return out.toByteArray();
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = GoldenSessionTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
