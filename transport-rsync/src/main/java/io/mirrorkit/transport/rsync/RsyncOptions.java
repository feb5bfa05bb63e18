package io.mirrorkit.transport.rsync;

import io.mirrorkit.TransportOption;

/**
 * Settings of the rsync transport, set with {@link
 * io.mirrorkit.SyncOptions.Builder#option(TransportOption, Object)}:
 *
 * <pre>{@code
 * SyncOptions.builder().option(RsyncOptions.COMPRESS, true).build();
 * }</pre>
 */
public final class RsyncOptions {
  private RsyncOptions() {}

  /** Compress file data on the wire ({@code -z}); off by default, as in rsync. */
  public static final TransportOption<Boolean> COMPRESS =
      TransportOption.of("rsync.compress", Boolean.class, false);

  /**
   * The checksums offered to the server, most preferred first, separated by spaces (rsync's {@code
   * --checksum-choice}); the first one the server also has is used.
   */
  public static final TransportOption<String> CHECKSUM_CHOICE =
      TransportOption.of("rsync.checksumChoice", String.class, "xxh128 xxh3 xxh64 md5 md4");

  /** The compressors offered with {@link #COMPRESS}, most preferred first. */
  public static final TransportOption<String> COMPRESS_CHOICE =
      TransportOption.of("rsync.compressChoice", String.class, "zstd zlibx");
}
