package io.mirrorkit.transport.rsync.internal.session;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.transport.rsync.internal.wire.MuxInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Tells a file the rsync sender could not send from one that vanished (sender.c send_files): before
 * its {@code MSG_NO_SEND} the sender reports "file has vanished: ..." as a warning for a file that
 * is gone ({@code IOERR_VANISHED}), and any other failure ("send_files failed to open ...:
 * Permission denied (13)", a path too long) as an error ({@code IOERR_GENERAL}). The first is
 * {@link FetchSink#vanished}, everything else {@link FetchSink#failed} with the server's message.
 * An error that arrives without a {@code MSG_NO_SEND} ("read errors mapping ...") is matched to the
 * requested file it names; one that names none fails the transfer, so that nothing is deleted.
 *
 * <p>Used on the receiver thread only (the demultiplexer calls it).
 */
final class SenderProblems implements Connection.Messages.Problems {
  private static final String VANISHED = "file has vanished";
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final int MAX_KEPT = 20;

  private final Map<Integer, FetchRequest> requested;
  private final FetchSink sink;
  private final Connection.Messages messages;
  private final String pathPrefix;
  private final List<Problem> unattributed = new ArrayList<>();
  private final Set<Integer> reported = new HashSet<>();
  private boolean anyFailed;
  private @Nullable FetchRequest lastReceived;
  private @Nullable String pending;
  private int pendingCode;

  /**
   * @param pathPrefix what the server's messages put before a requested path ({@code "dir/"} when
   *     the repository is a directory inside the module), or empty
   */
  SenderProblems(
      Map<Integer, FetchRequest> requested,
      FetchSink sink,
      Connection.Messages messages,
      String pathPrefix) {
    this.requested = requested;
    this.sink = sink;
    this.messages = messages;
    this.pathPrefix = pathPrefix;
  }

  @Override
  public void report(int code, String message) {
    flushPending();
    pending = message;
    pendingCode = code;
  }

  /** The sender skipped file {@code ndx}: the message just before says why. */
  void noSend(int ndx) {
    String why = pending;
    pending = null;
    FetchRequest r = requested.get(ndx);
    if (r == null) {
      if (why != null) {
        messages.warn("rsync server: " + why);
      }
      return;
    }
    reported.add(ndx);
    if (why != null && why.contains(VANISHED)) {
      sink.vanished(r, why);
    } else {
      anyFailed = true;
      sink.failed(
          r,
          why != null
              ? why
              : "the rsync server did not send it and gave no reason (its log may say why)");
    }
  }

  /** A file's data arrived: an error that names no file is most likely about it. */
  void received(FetchRequest r) {
    lastReceived = r;
  }

  /**
   * At the end of the transfer: reports the errors no {@code MSG_NO_SEND} claimed against the file
   * they name, and warns about the rest.
   *
   * @param ioError the io_error bits the sender reported during the transfer (not while listing)
   * @throws ProtocolException if the server reported an error that names no requested file, or a
   *     general I/O error without naming any file
   */
  void finish(int ioError) throws ProtocolException {
    flushPending();
    List<String> errors = new ArrayList<>();
    for (Problem p : unattributed) {
      if (!p.error()) {
        messages.warn("rsync server: " + p.text());
        continue;
      }
      FetchRequest r = named(p.text());
      if (r != null) {
        anyFailed = true;
        sink.failed(r, p.text());
      } else {
        errors.add(p.text());
      }
    }
    if (errors.isEmpty() && ((ioError & Connection.Messages.IOERR_GENERAL) == 0 || anyFailed)) {
      return;
    }
    String what =
        errors.isEmpty()
            ? "the rsync server reported an I/O error (io_error " + ioError + ")"
            : "the rsync server reported: " + String.join("; ", errors);
    // core fails a sync only for a failed file: the one received last is the likeliest culprit
    if (lastReceived != null) {
      sink.failed(
          lastReceived,
          what + " right after sending it, without naming a file (its log says which)");
      return;
    }
    throw new ProtocolException(
        what
            + " during the transfer without naming a file; the sync fails so that nothing is"
            + " deleted");
  }

  private void flushPending() {
    if (pending == null) {
      return;
    }
    boolean error =
        pendingCode == MuxInputStream.MSG_ERROR
            || pendingCode == MuxInputStream.MSG_ERROR_XFER
            || pendingCode == MuxInputStream.MSG_ERROR_SOCKET
            || pendingCode == MuxInputStream.MSG_ERROR_UTF8;
    if (unattributed.size() < MAX_KEPT) {
      unattributed.add(new Problem(pending, error));
    }
    pending = null;
  }

  private record Problem(String text, boolean error) {}

  /** The requested file a message names in quotes ({@code "d/f2" (in mod)}), if any. */
  private @Nullable FetchRequest named(String message) {
    Matcher m = QUOTED.matcher(message);
    while (m.find()) {
      String name = m.group(1);
      while (name.startsWith("/")) {
        name = name.substring(1);
      }
      if (!pathPrefix.isEmpty() && name.startsWith(pathPrefix)) {
        name = name.substring(pathPrefix.length());
      }
      for (Map.Entry<Integer, FetchRequest> e : requested.entrySet()) {
        if (e.getValue().path().toString().equals(name)) {
          return e.getValue();
        }
      }
    }
    return null;
  }
}
