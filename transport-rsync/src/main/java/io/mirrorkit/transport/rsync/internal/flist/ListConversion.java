package io.mirrorkit.transport.rsync.internal.flist;

import io.mirrorkit.RemoteEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Converts a file list's entries to mirrorkit's model on a thread of its own while the list is
 * still arriving: the server takes a while to walk its tree, and decoding and checking the names is
 * most of the work left once the list is complete. {@link FileList#toRemoteEntries(Consumer,
 * IdNames, ListConversion)} then only puts the results in order.
 *
 * <p>Fed by one thread ({@link FileListReader#listener}); {@link #finish} or {@link #close} ends
 * it.
 */
public final class ListConversion implements Consumer<FileEntry>, AutoCloseable {
  private static final int BATCH = 512;
  private static final List<FileEntry> END = List.of();

  private final BlockingQueue<List<FileEntry>> queue = new LinkedBlockingQueue<>();
  private final FutureTask<Void> task = new FutureTask<>(this::convertAll);
  private List<FileEntry> batch = new ArrayList<>(BATCH);
  private boolean ended;

  // written by the converting thread, read after task.get()
  private final List<@Nullable RemoteEntry> converted = new ArrayList<>();
  private final Map<Integer, String> warnings = new HashMap<>();

  private ListConversion() {}

  /** Starts the converting thread. */
  public static ListConversion start() {
    ListConversion c = new ListConversion();
    Thread t = new Thread(c.task, "mirrorkit-rsync-list");
    t.setDaemon(true);
    t.start();
    return c;
  }

  @Override
  public void accept(FileEntry e) {
    batch.add(e);
    if (batch.size() == BATCH) {
      queue.add(batch);
      batch = new ArrayList<>(BATCH);
    }
  }

  /** The list is complete: converts what is left. */
  public void finish() {
    if (!ended) {
      ended = true;
      if (!batch.isEmpty()) {
        queue.add(batch);
      }
      queue.add(END);
    }
  }

  /** Stops the conversion (after a failure; nothing is waiting for it then). */
  @Override
  public void close() {
    if (!ended) {
      ended = true;
      queue.clear();
      queue.add(END);
    }
  }

  private @Nullable Void convertAll() throws IOException, InterruptedException {
    while (true) {
      List<FileEntry> next = queue.take();
      if (next == END) {
        return null;
      }
      for (FileEntry e : next) {
        if (e.receiveIndex() != converted.size()) {
          throw new IllegalStateException(
              "entry " + e.receiveIndex() + " arrived as number " + converted.size());
        }
        converted.add(FileList.convert(e, w -> warnings.put(e.receiveIndex(), w)));
      }
    }
  }

  /** Waits for the conversion of the whole list; rethrows an unsafe name it met. */
  void await() throws IOException {
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while converting the file list");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      com.google.common.base.Throwables.throwIfUnchecked(cause);
      throw new IllegalStateException(cause);
    }
  }

  /** How many entries were converted. */
  int size() {
    return converted.size();
  }

  /** The entry received at {@code receiveIndex}, or null where it is skipped. */
  @Nullable RemoteEntry converted(int receiveIndex) {
    return converted.get(receiveIndex);
  }

  /** Why the entry received at {@code receiveIndex} is skipped, or null. */
  @Nullable String warning(int receiveIndex) {
    return warnings.get(receiveIndex);
  }
}
