package io.mirrorkit.transport.http.internal;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.spi.TransferCounters;
import io.mirrorkit.transport.http.HttpOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.ResponseBody;

/**
 * Reads the body of an index page (or {@code robots.txt}) into memory with a cap: bytes are counted
 * as they arrive, so a page larger than {@link HttpOptions#MAX_PAGE_BYTES}, or an endless chunked
 * one, fails after that many bytes instead of filling the heap. Stateless.
 */
final class PageBody {
  private PageBody() {}

  /**
   * The body's text, in its declared charset (UTF-8 if none).
   *
   * @throws ProtocolException if it is longer than {@code maxBytes}, naming {@code url}
   */
  static String read(ResponseBody body, HttpUrl url, int maxBytes, TransferCounters counters)
      throws IOException {
    if (body.contentLength() > maxBytes) {
      throw tooLarge(url, maxBytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = body.byteStream()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        counters.addReceived(n);
        if (out.size() > maxBytes - n) {
          throw tooLarge(url, maxBytes);
        }
        out.write(buffer, 0, n);
      }
    }
    MediaType type = body.contentType();
    Charset cs = type == null ? null : type.charset();
    return out.toString(cs == null ? StandardCharsets.UTF_8 : cs);
  }

  static ProtocolException tooLarge(HttpUrl url, int maxBytes) {
    return new ProtocolException(
        "the page "
            + HttpCalls.redacted(url)
            + " is larger than "
            + maxBytes
            + " bytes; if it is genuine, raise the limit with HttpOptions.MAX_PAGE_BYTES ("
            + HttpOptions.MAX_PAGE_BYTES
            + ")");
  }
}
