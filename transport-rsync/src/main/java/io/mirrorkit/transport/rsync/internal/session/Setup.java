package io.mirrorkit.transport.rsync.internal.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.checksum.ChecksumType;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import io.mirrorkit.transport.rsync.internal.wire.WireOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The raw (not yet multiplexed) setup after the server arguments (compat.c setup_protocol): the
 * compat flags, the negotiated checksum and compressor, and the checksum seed.
 *
 * @param protocol the protocol version in use
 * @param compatFlags the server's compat flags
 * @param checksum the negotiated checksum
 * @param compression the negotiated compressor's name, or null without {@code -z}
 * @param seed the checksum seed
 */
public record Setup(
    int protocol, int compatFlags, ChecksumType checksum, @Nullable String compression, int seed) {
  public static final int CF_INC_RECURSE = 1;
  public static final int CF_SYMLINK_TIMES = 2;
  public static final int CF_SAFE_FLIST = 8;
  public static final int CF_CHKSUM_SEED_FIX = 32;
  public static final int CF_VARINT_FLIST_FLAGS = 128;
  public static final int CF_ID0_NAMES = 256;

  /** The compat letters mirrorkit sends after {@code -e}: no {@code i} (no incremental lists). */
  public static final String LETTERS = ".LsfxCIvu";

  /**
   * Reads the compat flags, exchanges the negotiation strings and reads the seed.
   *
   * @param checksums our checksum preference (wire names)
   * @param compressions our compressor preference, or null without compression
   */
  public static Setup exchange(
      int protocol,
      WireInput in,
      WireOutput out,
      List<String> checksums,
      @Nullable List<String> compressions)
      throws IOException {
    int compat = in.readVarint("the compat flags");
    if ((compat & CF_INC_RECURSE) != 0) {
      throw new ProtocolException(
          "the rsync server turned on incremental recursion (compat flags 0x"
              + Integer.toHexString(compat)
              + ") although mirrorkit did not ask for it");
    }
    ChecksumType checksum;
    String compression = null;
    if ((compat & CF_VARINT_FLIST_FLAGS) != 0) {
      // both sides send before either reads (compat.c negotiate_the_strings)
      writeVstring(out, String.join(" ", checksums));
      if (compressions != null) {
        writeVstring(out, String.join(" ", compressions));
      }
      out.flush();
      List<String> theirChecksums = words(readVstring(in, "the server's checksum list"));
      checksum = ChecksumType.negotiate(checksums, theirChecksums);
      if (compressions != null) {
        List<String> theirs = words(readVstring(in, "the server's compressor list"));
        compression =
            compressions.stream()
                .filter(theirs::contains)
                .findFirst()
                .orElseThrow(
                    () ->
                        new ProtocolException(
                            "the rsync server offers no compressor mirrorkit has (it offers "
                                + theirs
                                + ", mirrorkit "
                                + compressions
                                + "); sync without compression"));
      }
    } else {
      checksum = ChecksumType.MD5;
      if (compressions != null) {
        throw new ProtocolException(
            "the rsync server cannot negotiate a compressor (it predates rsync 3.2) and mirrorkit"
                + " does not speak legacy zlib; sync without compression");
      }
    }
    int seed = in.readInt("the checksum seed");
    return new Setup(protocol, compat, checksum, compression, seed);
  }

  /** Whether strong block sums put the seed first (the {@code C} letter was honoured). */
  public boolean seedFirst() {
    return (compatFlags & CF_CHKSUM_SEED_FIX) != 0;
  }

  public boolean varintFlags() {
    return (compatFlags & CF_VARINT_FLIST_FLAGS) != 0;
  }

  public static void writeVstring(WireOutput out, String s) throws IOException {
    byte[] b = s.getBytes(UTF_8);
    if (b.length >= 0x8000) {
      throw new IllegalArgumentException("negotiation string too long");
    }
    if (b.length >= 0x80) {
      out.writeByte(0x80 | (b.length >> 8));
    }
    out.writeByte(b.length & 0xFF);
    out.writeBytes(b);
  }

  public static String readVstring(WireInput in, String what) throws IOException {
    int len = in.readByte(what);
    if ((len & 0x80) != 0) {
      len = ((len & 0x7F) << 8) | in.readByte(what);
    }
    return new String(in.readBytes(len, what), UTF_8);
  }

  private static List<String> words(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }
}
