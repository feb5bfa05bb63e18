package io.mirrorkit.spi;

import io.mirrorkit.MirrorPath;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A connection to one upstream for one sync: list, then fetch in batches. Used by one sync at a
 * time (core does not call {@link #list} and {@link #fetch} concurrently), but {@link #fetch} may
 * deliver to the sink from several threads.
 */
public interface Session extends Closeable {
  /**
   * Lists the upstream below the repository root.
   *
   * @throws io.mirrorkit.UnsafePathException if the upstream names an unsafe path
   * @throws io.mirrorkit.ProtocolException if the upstream broke its protocol
   */
  Listing list(ListRequest request) throws IOException;

  /**
   * Fetches a batch of files into the sink, pipelined or in parallel as the transport can. A file
   * that fails alone is closed without completing (core retries it); a file gone upstream is
   * reported with {@link FetchSink#vanished}. Throws when the session itself broke; core then
   * retries what did not arrive, with a new session.
   */
  void fetch(List<FetchRequest> requests, FetchSink sink) throws IOException;

  /**
   * Reads one small file that is not part of a listing (the upstream marker, a file list named by
   * {@code --files-from=:PATH}) into memory: through {@link #fetch} with a {@link MemorySink} by
   * default; a transport whose fetch needs a listing first overrides it.
   *
   * @return the content, or null when the upstream has no such file or did not send it
   * @throws IOException if the session broke or the file is larger than {@code maxBytes}
   */
  default byte @Nullable [] read(MirrorPath path, int maxBytes) throws IOException {
    MemorySink sink = new MemorySink(path, maxBytes);
    fetch(List.of(sink.request()), sink);
    return sink.content();
  }
}
