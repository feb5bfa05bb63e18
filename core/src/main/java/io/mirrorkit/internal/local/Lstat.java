package io.mirrorkit.internal.local;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One {@code lstat} of a path: the fields a scan needs, symlinks not followed.
 *
 * <p>The portable way to read the mode, link count, inode and owner ids is the {@code unix:}
 * attribute view, which parses the attribute names and fills a map on every call: a tenth of a
 * second per 50,000 entries in a short-lived JVM. Where {@code java.base} opens {@code sun.nio.fs}
 * to this code ({@code Add-Opens} in the CLI jar's manifest, or {@code --add-opens
 * java.base/sun.nio.fs=ALL-UNNAMED}), the same {@code stat} result is read from the JDK's own
 * {@code UnixFileAttributes} object instead, which halves the cost; the values are the same.
 *
 * @param mode {@code st_mode}: the file type and permission bits
 * @param mtimeNanos the modification time in nanoseconds since the epoch
 */
record Lstat(
    int mode, long size, long mtimeNanos, int nlink, long dev, long ino, int uid, int gid) {
  private static final String ATTRIBUTES = "unix:mode,ino,dev,nlink,size,lastModifiedTime,uid,gid";

  /** Reads an {@link Lstat} of a path; {@code NoSuchFileException} when it is gone. */
  interface Reader {
    Lstat read(Path file) throws IOException;
  }

  /** The {@code unix:} attribute view: works on every JVM and file system that has it. */
  static final Reader PORTABLE =
      file -> {
        Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new Lstat(
            (Integer) a.get("mode"),
            (Long) a.get("size"),
            ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
            (Integer) a.get("nlink"),
            (Long) a.get("dev"),
            (Long) a.get("ino"),
            (Integer) a.get("uid"),
            (Integer) a.get("gid"));
      };

  /** The JDK's {@code UnixFileAttributes}, or null where its package is not open to us. */
  static final @Nullable Reader JDK = jdkReader();

  /** The fastest reader this JVM allows. */
  static Reader reader() {
    return JDK != null ? JDK : PORTABLE;
  }

  boolean isRegularFile() {
    return (mode & 0170000) == 0100000;
  }

  private static @Nullable Reader jdkReader() {
    try {
      Class<?> type = Class.forName("sun.nio.fs.UnixFileAttributes");
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      MethodHandle mode = getter(lookup, type, "mode", int.class);
      MethodHandle nlink = getter(lookup, type, "nlink", int.class);
      MethodHandle dev = getter(lookup, type, "dev", long.class);
      MethodHandle ino = getter(lookup, type, "ino", long.class);
      MethodHandle uid = getter(lookup, type, "uid", int.class);
      MethodHandle gid = getter(lookup, type, "gid", int.class);
      return file -> {
        PosixFileAttributes a =
            Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!type.isInstance(a)) {
          return PORTABLE.read(file); // another provider's file system
        }
        try {
          return new Lstat(
              (int) mode.invokeExact(a),
              a.size(),
              a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
              (int) nlink.invokeExact(a),
              (long) dev.invokeExact(a),
              (long) ino.invokeExact(a),
              (int) uid.invokeExact(a),
              (int) gid.invokeExact(a));
        } catch (RuntimeException | Error e) {
          throw e;
        } catch (Throwable e) {
          throw new IllegalStateException(e); // the getters throw nothing checked
        }
      };
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not opened to us (IllegalAccessException), another JDK or OS
    }
  }

  /** A getter of {@code type} adapted to take any {@link PosixFileAttributes}. */
  private static MethodHandle getter(
      MethodHandles.Lookup lookup, Class<?> type, String name, Class<?> result)
      throws ReflectiveOperationException {
    return lookup
        .findVirtual(type, name, MethodType.methodType(result))
        .asType(MethodType.methodType(result, PosixFileAttributes.class));
  }
}
