package io.mirrorkit.transport.rsync.internal.server;

import io.mirrorkit.transport.rsync.internal.checksum.ChecksumType;
import io.mirrorkit.transport.rsync.internal.session.Setup;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The server's half of {@link Setup} (compat.c setup_protocol as the server): compat flags from the
 * client's {@code -e} letters (never incremental recursion), the negotiation strings when the
 * client sent {@code v} (skipped for a choice the client fixed with {@code --checksum-choice} or
 * {@code --compress-choice}), and the checksum seed.
 */
final class ServerSetup {
  /** What the server offers, in its order of preference (rsync 3.2.7 minus what Java lacks). */
  static final List<String> CHECKSUMS = List.of("xxh128", "xxh3", "xxh64", "md5", "md4", "none");

  static final List<String> COMPRESSORS = List.of("zstd", "zlibx", "none");

  private static final SecureRandom RANDOM = new SecureRandom();

  final int compatFlags;
  final ChecksumType checksum;
  final @Nullable String compression;
  final int seed;
  final @Nullable String problem;

  private ServerSetup(
      int compatFlags,
      ChecksumType checksum,
      @Nullable String compression,
      int seed,
      @Nullable String problem) {
    this.compatFlags = compatFlags;
    this.checksum = checksum;
    this.compression = compression;
    this.seed = seed;
    this.problem = problem;
  }

  static int compatFlags(String clientInfo) {
    int flags = Setup.CF_SYMLINK_TIMES;
    if (clientInfo.indexOf('f') >= 0) {
      flags |= Setup.CF_SAFE_FLIST;
    }
    if (clientInfo.indexOf('x') >= 0) {
      flags |= 16; // AVOID_XATTR_OPTIM
    }
    if (clientInfo.indexOf('C') >= 0) {
      flags |= Setup.CF_CHKSUM_SEED_FIX;
    }
    if (clientInfo.indexOf('I') >= 0) {
      flags |= 64; // INPLACE_PARTIAL_DIR
    }
    if (clientInfo.indexOf('u') >= 0) {
      flags |= Setup.CF_ID0_NAMES;
    }
    if (clientInfo.indexOf('v') >= 0) {
      flags |= Setup.CF_VARINT_FLIST_FLAGS;
    }
    return flags;
  }

  /**
   * Runs the exchange. A choice that cannot be served is not thrown at once: {@link #problem} says
   * what, to be sent once messages can travel.
   */
  static ServerSetup exchange(ServerArgs args, WireInput in, WireOutput out) throws IOException {
    int compat = compatFlags(args.clientInfo);
    out.writeVarint(compat);
    boolean negotiate = (compat & Setup.CF_VARINT_FLIST_FLAGS) != 0;
    boolean sendChecksums = negotiate && args.checksumChoice == null;
    boolean sendCompressors = negotiate && args.compress && args.compressChoice == null;
    if (sendChecksums) {
      Setup.writeVstring(out, String.join(" ", CHECKSUMS));
    }
    if (sendCompressors) {
      Setup.writeVstring(out, String.join(" ", COMPRESSORS));
    }
    out.flush();
    String problem = null;
    List<String> theirChecksums =
        sendChecksums
            ? words(Setup.readVstring(in, "the client's checksum list"))
            : List.of(args.checksumChoice != null ? args.checksumChoice : "md5");
    List<String> theirCompressors =
        sendCompressors
            ? words(Setup.readVstring(in, "the client's compressor list"))
            : List.of(args.compressChoice != null ? args.compressChoice : "zlib");
    ChecksumType checksum = null;
    for (String name : theirChecksums) {
      String first = name.contains(",") ? name.substring(0, name.indexOf(',')) : name;
      if (first.equals("auto")) {
        checksum = ChecksumType.XXH128;
        break;
      }
      checksum = ChecksumType.byWireName(first).orElse(null);
      if (checksum != null) {
        break;
      }
    }
    if (checksum == null) {
      problem =
          "Failed to negotiate a checksum choice (the client offers "
              + theirChecksums
              + "; this server has "
              + CHECKSUMS
              + ")";
      checksum = ChecksumType.MD5;
    }
    String compression = null;
    if (args.compress) {
      for (String name : theirCompressors) {
        if (name.equals("zstd") || name.equals("zlibx")) {
          compression = name;
          break;
        }
        if (name.equals("none")) {
          break;
        }
      }
      if (compression == null && !theirCompressors.contains("none")) {
        problem =
            "Failed to negotiate a compression choice: this server offers "
                + COMPRESSORS
                + " (not the old zlib); use --compress-choice=zstd or zlibx";
      }
    }
    int seed = RANDOM.nextInt() & 0x7FFFFFFF;
    out.writeInt(seed);
    out.flush();
    return new ServerSetup(compat, checksum, compression, seed, problem);
  }

  boolean seedFirst() {
    return (compatFlags & Setup.CF_CHKSUM_SEED_FIX) != 0;
  }

  boolean varintFlags() {
    return (compatFlags & Setup.CF_VARINT_FLIST_FLAGS) != 0;
  }

  private static List<String> words(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }
}
