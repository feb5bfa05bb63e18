package io.mirrorkit.transport.rsync.internal.golden;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The deterministic file contents of the real-rsync captures behind the golden tests (the script
 * that made them wrote the same bytes, see the token test resources' README.md).
 */
public final class GoldenFiles {
  private GoldenFiles() {}

  /**
   * Bytes from a 64-bit LCG: x = x * 6364136223846793005 + 1442695040888963407, byte = x >>> 56.
   */
  public static byte[] randomBytes(long seed, int n) {
    byte[] out = new byte[n];
    long x = seed;
    for (int i = 0; i < n; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      out[i] = (byte) (x >>> 56);
    }
    return out;
  }

  /** Lines "seed:i the quick brown fox jumps over the lazy dog (i*i % 9973)", cut at n bytes. */
  public static byte[] text(int seed, int n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(n + 80);
    for (int i = 0; out.size() < n; i++) {
      String line =
          seed + ":" + i + " the quick brown fox jumps over the lazy dog " + (i * i % 9973);
      out.writeBytes((line + "\n").getBytes(US_ASCII));
    }
    return Arrays.copyOf(out.toByteArray(), n);
  }

  /** The server's a-text.txt. */
  public static byte[] aText() {
    return text(1, 150_000);
  }

  /** The client's basis for a-text.txt: 10 bytes changed at 50000, bytes 100000..100500 gone. */
  public static byte[] aTextBasis() {
    byte[] a = aText();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(a, 0, 50_000);
    out.writeBytes("CHANGED!!!".getBytes(US_ASCII));
    out.write(a, 50_010, 100_000 - 50_010);
    out.write(a, 100_500, a.length - 100_500);
    return out.toByteArray();
  }

  /** The client's basis for d-jumps.bin: 200 blocks of 700 pseudo-random bytes. */
  public static byte[] dJumpsBasis() {
    return randomBytes(3, 700 * 200);
  }

  /** The server's d-jumps.bin: basis blocks 150..199, "zz", blocks 0..99, block 120. */
  public static byte[] dJumps() {
    byte[] b = dJumpsBasis();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 700 * 150, 700 * 50);
    out.writeBytes("zz".getBytes(US_ASCII));
    out.write(b, 0, 700 * 100);
    out.write(b, 700 * 120, 700);
    return out.toByteArray();
  }

  /** The server's version of each file of the captured sessions. */
  public static byte[] file(String name) {
    return switch (name) {
      case "a-text.txt" -> aText();
      case "b-random.bin" -> randomBytes(2, 20_000);
      case "c-small.txt" -> "hello world\n".getBytes(US_ASCII);
      case "d-jumps.bin" -> dJumps();
      case "e-empty.txt" -> new byte[0];
      default -> throw new IllegalArgumentException(name);
    };
  }

  public static byte[] basis(String name) {
    return switch (name) {
      case "a-text.txt" -> aTextBasis();
      case "d-jumps.bin" -> dJumpsBasis();
      default -> throw new IllegalArgumentException(name);
    };
  }
}
