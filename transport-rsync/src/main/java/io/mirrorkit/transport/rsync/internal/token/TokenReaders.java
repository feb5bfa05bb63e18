package io.mirrorkit.transport.rsync.internal.token;

import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Picks the token reader for a negotiated compressor. */
public final class TokenReaders {
  private static final List<String> CLIENT_PREFERENCE = List.of("zstd", "zlibx");

  private TokenReaders() {}

  /**
   * The reader for a session's token streams.
   *
   * @param compression the negotiated compressor's wire name: null or {@code "none"} for plain
   *     tokens, {@code "zlibx"} or {@code "zstd"}
   * @throws IllegalArgumentException for any other name (mirrorkit does not speak legacy {@code
   *     zlib} or {@code lz4})
   */
  public static TokenReader create(@Nullable String compression, WireInput in) {
    if (compression == null) {
      return new PlainTokens(in);
    }
    return switch (compression) {
      case "none" -> new PlainTokens(in);
      case "zlibx" -> new ZlibxTokens(in);
      case "zstd" -> new ZstdTokens(in);
      default ->
          throw new IllegalArgumentException(
              "mirrorkit cannot read \""
                  + compression
                  + "\" token streams; it reads "
                  + CLIENT_PREFERENCE
                  + " or none");
    };
  }

  /** The compressors mirrorkit offers, preferred first: zstd, zlibx. */
  public static List<String> clientPreference() {
    return CLIENT_PREFERENCE;
  }
}
