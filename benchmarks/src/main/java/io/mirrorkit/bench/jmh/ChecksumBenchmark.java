package io.mirrorkit.bench.jmh;

import io.mirrorkit.transport.rsync.internal.checksum.ChecksumType;
import io.mirrorkit.transport.rsync.internal.checksum.FileSum;
import io.mirrorkit.transport.rsync.internal.checksum.RollingSum;
import io.mirrorkit.transport.rsync.internal.checksum.StrongSum;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The checksums of an rsync transfer, and the JDK's SHA-256 and SHA-1 beside them (package indices
 * name files by SHA-256), over 1 MiB of random bytes: whole, or in rsync's 700-byte blocks (the
 * block length for files of up to 490,000 bytes). Every operation covers the whole MiB, so in the
 * default throughput mode ops/s is MiB/s.
 *
 * <p>The rsync classes are {@code transport-rsync}'s internal ones, used through their public
 * types: the streaming {@code Xxh3Stream} (xxh3, xxh128) and {@code Xxh64Stream} are
 * package-private and measured through {@link FileSum}, which wraps them (and MD5, MD4) for the
 * whole-file sum. The strong sum's types are a parameter: {@code -p type=XXH128,MD4}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class ChecksumBenchmark {
  /** rsync's block length for files of up to 490,000 bytes (700 squared). */
  public static final int BLOCK = 700;

  /** The size of the buffer every operation covers. */
  public static final int SIZE = 1 << 20;

  /** The most data rsync puts in one literal token (CHUNK_SIZE), the receiver's piece size. */
  private static final int PIECE = 32 * 1024;

  private static final int SEED = 0x5eed_1234;

  private final byte[] data = new byte[SIZE];
  private final RollingSum rolling = new RollingSum();
  private MessageDigest sha256;
  private MessageDigest sha1;

  /** Fills the buffer with random bytes (fixed seed) and creates the JDK digests. */
  @Setup
  public void setup() throws NoSuchAlgorithmException {
    new SplittableRandom(16).nextBytes(data);
    sha256 = MessageDigest.getInstance("SHA-256");
    sha1 = MessageDigest.getInstance("SHA-1");
  }

  /**
   * One checksum of a session, for {@link #strongSums} and {@link #fileSum}: what the rsync client
   * negotiates ({@link ChecksumType#clientPreference()}) with a non-zero seed, the seed first
   * (CHKSUM_SEED_FIX, as rsync 3.x servers set it).
   */
  @State(Scope.Thread)
  public static class Sums {
    /** The checksum type; MD4 (rsync's last resort) only when asked for. */
    @Param({"XXH128", "XXH3", "XXH64", "MD5"})
    public ChecksumType type;

    StrongSum strong;
    FileSum file;

    /** Room for the full strong sum of every block of the buffer, as the generator sends them. */
    byte[] table;

    /** Creates the session's sums. */
    @Setup
    public void setup() {
      strong = new StrongSum(type, SEED, true);
      file = new FileSum(type);
      table = new byte[blocks() * strong.length()];
    }
  }

  private static int blocks() {
    return (SIZE + BLOCK - 1) / BLOCK;
  }

  /**
   * The sender's block search where nothing matches: the rolling sum slid one byte at a time over
   * the whole buffer, each position's value looked at.
   */
  @Benchmark
  public int rollingSumRoll() {
    byte[] b = data;
    RollingSum r = rolling;
    r.init(b, 0, BLOCK);
    int seen = r.value();
    for (int i = BLOCK; i < b.length; i++) {
      r.roll(b[i - BLOCK], b[i]);
      seen ^= r.value();
    }
    return seen;
  }

  /** The generator's weak sums: {@link RollingSum#of} per 700-byte block. */
  @Benchmark
  public int rollingSumBlocks() {
    byte[] b = data;
    int seen = 0;
    for (int off = 0; off < b.length; off += BLOCK) {
      seen ^= RollingSum.of(b, off, Math.min(BLOCK, b.length - off));
    }
    return seen;
  }

  /** The generator's strong sums: {@link StrongSum} per 700-byte block, into one table. */
  @Benchmark
  public byte[] strongSums(Sums sums) {
    byte[] b = data;
    StrongSum strong = sums.strong;
    int length = strong.length();
    for (int off = 0, i = 0; off < b.length; off += BLOCK, i++) {
      strong.digest(b, off, Math.min(BLOCK, b.length - off), sums.table, i * length);
    }
    return sums.table;
  }

  /** The receiver's whole-file sum ({@link FileSum}) fed in pieces of 32 KiB. */
  @Benchmark
  public byte[] fileSum(Sums sums) {
    FileSum file = sums.file;
    for (int off = 0; off < data.length; off += PIECE) {
      file.update(data, off, Math.min(PIECE, data.length - off));
    }
    return file.finish();
  }

  /** The JDK's SHA-256 of the whole buffer (a package index's file checksum). */
  @Benchmark
  public byte[] sha256() {
    return sha256.digest(data);
  }

  /** The JDK's SHA-1 of the whole buffer (git's object names). */
  @Benchmark
  public byte[] sha1() {
    return sha1.digest(data);
  }
}
