package io.mirrorkit.transport.rsync.internal.flist;

import java.util.Comparator;

/**
 * The order in which rsync sorts a file list at protocol 29 and later ({@code f_name_cmp} in {@code
 * flist.c}); every file index after the list refers to it.
 *
 * <p>Names are compared as unsigned bytes, component by component:
 *
 * <ul>
 *   <li>the transfer root {@code "."} comes first;
 *   <li>within a directory, all non-directories come before all subdirectories (and so before
 *       everything inside them);
 *   <li>a directory compares as its name followed by {@code /}, so {@code dir.2} sorts before
 *       {@code dir} ({@code '.'} is 0x2E, {@code '/'} 0x2F) and {@code a-c} before {@code a};
 *   <li>a non-directory compares as its plain name, so a shorter name sorts first;
 *   <li>a directory sorts immediately before its contents.
 * </ul>
 *
 * <p>Equivalently, each name maps to a key of one segment per component: a type byte (0 for the
 * last component of a non-directory, 1 otherwise), the component bytes and a terminator ({@code /}
 * for directories, 0 otherwise); keys compare as unsigned bytes. The comparison is defined for
 * names without empty, {@code .} or {@code ..} components other than the root {@code "."}, which
 * {@link FileListReader} guarantees. A directory and a non-directory with the same name do not
 * compare equal.
 */
public final class FileNameOrder {
  /** Entries in rsync's order. */
  public static final Comparator<FileEntry> ENTRIES =
      (a, b) -> compare(a.nameBytes(), a.isDirectory(), b.nameBytes(), b.isDirectory());

  private static final int ITEM = 0;
  private static final int PATH = 1;
  private static final int END = -1;

  private FileNameOrder() {}

  /**
   * Compares two names in rsync's order.
   *
   * @param a the first name (raw bytes, {@code /}-separated)
   * @param aIsDir whether the first name is a directory
   * @param b the second name
   * @param bIsDir whether the second name is a directory
   * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
   */
  public static int compare(byte[] a, boolean aIsDir, byte[] b, boolean bIsDir) {
    boolean aRoot = aIsDir && isRoot(a);
    boolean bRoot = bIsDir && isRoot(b);
    if (aRoot || bRoot) {
      return aRoot == bRoot ? 0 : aRoot ? -1 : 1;
    }
    int aStart = 0;
    int bStart = 0;
    while (true) {
      int aEnd = componentEnd(a, aStart);
      int bEnd = componentEnd(b, bStart);
      boolean aLast = aEnd == a.length;
      boolean bLast = bEnd == b.length;
      int aType = aLast && !aIsDir ? ITEM : PATH;
      int bType = bLast && !bIsDir ? ITEM : PATH;
      if (aType != bType) {
        return aType == ITEM ? -1 : 1; // non-directories first
      }
      // compare the components with their terminators: '/' after a directory, END otherwise
      int terminator = aType == PATH ? '/' : END;
      int aLen = aEnd - aStart;
      int bLen = bEnd - bStart;
      int n = Math.min(aLen, bLen);
      for (int i = 0; i < n; i++) {
        int x = a[aStart + i] & 0xFF;
        int y = b[bStart + i] & 0xFF;
        if (x != y) {
          return x - y;
        }
      }
      if (aLen != bLen) {
        int x = aLen == n ? terminator : a[aStart + n] & 0xFF;
        int y = bLen == n ? terminator : b[bStart + n] & 0xFF;
        return x - y;
      }
      if (aLast || bLast) {
        // equal so far: the one that ends here is a directory holding the other
        return aLast == bLast ? 0 : aLast ? -1 : 1;
      }
      aStart = aEnd + 1;
      bStart = bEnd + 1;
    }
  }

  private static boolean isRoot(byte[] name) {
    return name.length == 1 && name[0] == '.';
  }

  private static int componentEnd(byte[] name, int start) {
    int i = start;
    while (i < name.length && name[i] != '/') {
      i++;
    }
    return i;
  }
}
