package io.mirrorkit.internal.local;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Small state files written whole or not at all: a temporary file beside the target ({@code
 * NAME.tmp}), forced to disk, then renamed over it. A crash leaves the old file or the new one,
 * never a mix; a leftover {@code .tmp} is overwritten by the next write.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What writes the content. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code file} atomically; its parent directories are created. */
  public static void write(Path file, Content content) throws IOException {
    write(file, content, true);
  }

  /**
   * Writes {@code bytes} to {@code file} atomically but without forcing them to disk first: for a
   * file whose loss in a crash costs only work redone (a torn or empty copy must read as none). A
   * forced write waits behind the disk's queue (after a large sync, the write-back of its files; on
   * a file system with a journal, the whole commit), which can take seconds.
   */
  public static void writeUnforced(Path file, byte[] bytes) throws IOException {
    write(file, out -> out.write(bytes), false);
  }

  private static void write(Path file, Content content, boolean force) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp); // a leftover, or a planted link: never written through
    try (FileChannel ch =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      content.writeTo(out);
      out.flush();
      if (force) {
        ch.force(true);
      }
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes {@code bytes} to {@code file} atomically. */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, out -> out.write(bytes));
  }
}
