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
    // Only the component where the names first differ decides (the components before it are
    // equal): its type (non-directory last, or a directory's), and its bytes with the
    // terminators, '/' after a directory's component and END after a non-directory's name.
    int m = java.util.Arrays.mismatch(a, b);
    if (m < 0) {
      return aIsDir == bIsDir ? 0 : aIsDir ? 1 : -1; // the same name: the directory after
    }
    int start = m;
    while (start > 0 && a[start - 1] != '/') {
      start--;
    }
    boolean aLast = indexOfSlash(a, start) < 0;
    boolean bLast = indexOfSlash(b, start) < 0;
    int aType = aLast && !aIsDir ? ITEM : PATH;
    int bType = bLast && !bIsDir ? ITEM : PATH;
    if (aType != bType) {
      return aType == ITEM ? -1 : 1; // non-directories first
    }
    int terminator = aType == PATH ? '/' : END;
    int x = m == a.length ? terminator : a[m] & 0xFF;
    int y = m == b.length ? terminator : b[m] & 0xFF;
    if (x != y) {
      return x - y;
    }
    // one is a directory whose name ends here and the other lies inside it
    return aLast == bLast ? 0 : aLast ? -1 : 1;
  }

  private static int indexOfSlash(byte[] name, int from) {
    for (int i = from; i < name.length; i++) {
      if (name[i] == '/') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isRoot(byte[] name) {
    return name.length == 1 && name[0] == '.';
  }
}
