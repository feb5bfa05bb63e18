package io.mirrorkit.testkit;

import io.mirrorkit.testkit.internal.Quoting;
import io.mirrorkit.testkit.internal.RandomContent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Creates files, directories and links under a root directory, for tests of mirroring code. Each
 * call acts on the file system at once, so a test can build a tree, mirror it, change it and mirror
 * it again:
 *
 * <pre>{@code
 * TreeBuilder source = TreeBuilder.at(tempDir.resolve("src")).seed(42)
 *     .file("README", "hello\n")
 *     .randomFile("pool/big.bin", 100 << 20)
 *     .symlink("latest", "pool/big.bin")
 *     .mode("README", "rw-r-----");
 * }</pre>
 *
 * <p>Relative paths use {@code '/'} separators and must stay inside the root; parent directories
 * are created as needed. Random contents and trees come from a generator seeded with {@link
 * #seed(long)} (0 by default), so the same calls produce the same tree. Symlinks are never
 * followed: writing through a symlink fails. I/O errors are thrown as {@link UncheckedIOException}.
 *
 * <p>Not thread-safe: use one instance from one thread.
 */
public final class TreeBuilder {

  private static final int FILES_PER_DIRECTORY = 100;
  private static final int AWKWARD_DEPTH = 30;
  private static final List<String> AWKWARD_NAMES =
      List.of(
          "with space.txt",
          " leading space",
          "trailing space ",
          "dir with space/inner.txt",
          "caf\u00e9.txt",
          "\u65e5\u672c\u8a9e.txt",
          "emoji-\ud83d\ude00.txt",
          "-rf",
          "--help",
          "#hash",
          "100%",
          "what?",
          "star*",
          "a&b=c",
          "semi;colon",
          "colon:name",
          "$HOME",
          "it's",
          "back\\slash",
          ".hidden",
          "x".repeat(251) + ".txt",
          "\u65e5".repeat(85),
          IntStream.range(0, AWKWARD_DEPTH).mapToObj(i -> "d" + i).collect(Collectors.joining("/"))
              + "/leaf");

  private final Path root;
  private SplittableRandom random = new SplittableRandom(0);

  private TreeBuilder(Path root) {
    this.root = root;
  }

  /** Returns a builder for the tree under {@code root}, creating the directory if needed. */
  public static TreeBuilder at(Path root) {
    return new TreeBuilder(root).io(() -> Files.createDirectories(root));
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  /**
   * Resolves {@code relativePath} against the root.
   *
   * @throws IllegalArgumentException if it is empty, absolute or contains {@code ".."}
   */
  public Path path(String relativePath) {
    if (relativePath.isEmpty()
        || relativePath.startsWith("/")
        || List.of(relativePath.split("/")).contains("..")) {
      throw new IllegalArgumentException(
          "not a relative path inside the tree: " + Quoting.display(relativePath));
    }
    return root.resolve(relativePath);
  }

  /** Restarts the random generator with {@code seed}. */
  public TreeBuilder seed(long seed) {
    random = new SplittableRandom(seed);
    return this;
  }

  /** Creates or overwrites (in place, so hard links see it) a file holding UTF-8 text. */
  public TreeBuilder file(String relativePath, String utf8Content) {
    return file(relativePath, utf8Content.getBytes(StandardCharsets.UTF_8));
  }

  /** Creates or overwrites (in place, so hard links see it) a file holding {@code content}. */
  public TreeBuilder file(String relativePath, byte[] content) {
    return write(relativePath, out -> out.write(content));
  }

  /**
   * Creates or overwrites a file of {@code size} bytes from the seeded generator. Written in
   * chunks: fine for files of hundreds of megabytes.
   */
  public TreeBuilder randomFile(String relativePath, long size) {
    return write(relativePath, out -> RandomContent.write(out, size, random));
  }

  /** Creates or empties a file. */
  public TreeBuilder emptyFile(String relativePath) {
    return file(relativePath, new byte[0]);
  }

  /** Creates a directory, and its parents, if it does not exist. */
  public TreeBuilder dir(String relativePath) {
    return io(() -> Files.createDirectories(path(relativePath)));
  }

  /**
   * Creates a symlink to {@code target}, which may dangle. The target is stored as given, except
   * that {@link Path} drops repeated and trailing slashes.
   */
  public TreeBuilder symlink(String relativePath, String target) {
    return io(() -> Files.createSymbolicLink(withParents(relativePath), Path.of(target)));
  }

  /** Creates a hard link to the existing entry {@code existingRelativePath}. */
  public TreeBuilder hardLink(String relativePath, String existingRelativePath) {
    return io(() -> Files.createLink(withParents(relativePath), path(existingRelativePath)));
  }

  /**
   * Sets the permissions of a file or directory from the {@code ls -l} form, such as {@code
   * "rwxr-x---"}. Clears setuid, setgid and sticky.
   *
   * @throws IllegalArgumentException if {@code permissions} is not in that form, or the entry is a
   *     symlink
   */
  public TreeBuilder mode(String relativePath, String permissions) {
    int mode = 0;
    for (PosixFilePermission permission : PosixFilePermissions.fromString(permissions)) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return mode(relativePath, mode);
  }

  /**
   * Sets the mode bits of a file or directory, such as {@code 0644} or {@code 04755}.
   *
   * @throws IllegalArgumentException if {@code mode} is outside {@code 07777}, or the entry is a
   *     symlink (Linux has no modes for symlinks)
   */
  public TreeBuilder mode(String relativePath, int mode) {
    Path path = path(relativePath);
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException("mode outside 07777: " + Integer.toOctalString(mode));
    }
    if (Files.isSymbolicLink(path)) {
      throw new IllegalArgumentException("symlinks have no mode: " + Quoting.display(relativePath));
    }
    return io(() -> Files.setAttribute(path, "unix:mode", mode));
  }

  /**
   * Sets the mtime of an entry, with nanosecond precision; for a symlink, of the link itself.
   * Changing a directory's entries later changes its mtime, so set directory mtimes last.
   *
   * @throws IllegalStateException if the stored mtime differs from {@code mtime}: JDK 17 stores
   *     symlink mtimes to the microsecond only
   */
  public TreeBuilder mtime(String relativePath, Instant mtime) {
    Path path = path(relativePath);
    io(
        () ->
            Files.getFileAttributeView(
                    path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(mtime), null, null));
    Instant stored =
        result(() -> Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS)).toInstant();
    if (!stored.equals(mtime)) {
      throw new IllegalStateException(
          "mtime of "
              + Quoting.display(relativePath)
              + " stored as "
              + stored
              + " instead of "
              + mtime
              + " (the file system or the JDK keeps less precision;"
              + " JDK 17 sets symlink mtimes to the microsecond only)");
    }
    return this;
  }

  /**
   * Deletes an entry; a directory with everything in it. Symlinks are deleted, never followed.
   *
   * @throws UncheckedIOException if the entry does not exist
   */
  public TreeBuilder delete(String relativePath) {
    return io(() -> Files.walkFileTree(path(relativePath), new Deleter()));
  }

  /**
   * Appends {@code bytes} to an existing file.
   *
   * @throws UncheckedIOException if the file does not exist
   */
  public TreeBuilder append(String relativePath, byte[] bytes) {
    return io(
        () ->
            Files.write(
                path(relativePath),
                bytes,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS));
  }

  /**
   * Overwrites the bytes of an existing file at {@code offset}, in place, extending the file if
   * they reach past its end. The size stays the same otherwise: good for changes that only a
   * content comparison detects.
   */
  public TreeBuilder edit(String relativePath, long offset, byte[] bytes) {
    return io(
        () -> {
          try (FileChannel channel = openForWrite(relativePath)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            for (long position = offset; buffer.hasRemaining(); ) {
              position += channel.write(buffer, position);
            }
          }
        });
  }

  /** Shortens an existing file to {@code size} bytes, or extends it with zero bytes. */
  public TreeBuilder truncate(String relativePath, long size) {
    return io(
        () -> {
          try (FileChannel channel = openForWrite(relativePath)) {
            if (size < channel.size()) {
              channel.truncate(size);
            } else if (size > channel.size()) {
              channel.write(ByteBuffer.allocate(1), size - 1);
            }
          }
        });
  }

  /**
   * Adds files whose names trouble tools and protocols, each holding its own relative path: spaces
   * (leading, trailing, inside), non-ASCII (NFC {@code "café.txt"}, CJK, an emoji), a leading dash
   * ({@code "-rf"}, {@code "--help"}), shell and URL metacharacters ({@code "#hash"}, {@code
   * "100%"}, {@code "what?"}, {@code "star*"}, {@code "a&b=c"}, {@code "semi;colon"}, {@code
   * "colon:name"}, {@code "$HOME"}, {@code "it's"}), a backslash, a dotfile, a 255-byte ASCII name,
   * a 255-byte name of 3-byte characters, and a file 30 directories deep. No name has control
   * characters; all are valid on ext4.
   *
   * @throws IllegalStateException if the JVM does not encode file names as UTF-8 (run it with
   *     {@code LC_ALL=C.UTF-8})
   */
  public TreeBuilder awkwardNames() {
    String encoding = System.getProperty("sun.jnu.encoding");
    if (!"UTF-8".equals(encoding)) {
      throw new IllegalStateException(
          "non-ASCII file names need a UTF-8 locale: run the JVM with LC_ALL=C.UTF-8"
              + " (sun.jnu.encoding is "
              + encoding
              + ")");
    }
    AWKWARD_NAMES.forEach(name -> file(name, name));
    return this;
  }

  /**
   * Adds {@code count} random files of 0 to {@code maxSize} bytes under {@code dir} (the root if
   * empty), 100 per subdirectory: {@code dir/0000/000000.dat}, {@code dir/0000/000001.dat}, ...
   */
  public TreeBuilder manySmallFiles(String dir, int count, int maxSize) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    for (int i = 0; i < count; i++) {
      String name = String.format("%s%04d/%06d.dat", prefix, i / FILES_PER_DIRECTORY, i);
      randomFile(name, random.nextLong(maxSize + 1L));
    }
    return this;
  }

  /**
   * Adds a random tree, the same for the same seed: {@code files} files of 0 to {@code maxSize}
   * bytes (about one in ten empty) in directories nested at most {@code maxDepth} deep, plus, for
   * every 20 files (at least one each if {@code files > 0}), an empty directory (if {@code maxDepth
   * > 0}), a relative symlink to one of the files and a hard link to one of the files. Names are
   * {@code dirN}, {@code fileN.bin}, {@code emptyN}, {@code linkN} and {@code hardlinkN.bin}.
   */
  public TreeBuilder randomTree(int files, int maxDepth, int maxSize) {
    List<String> dirs = new ArrayList<>(List.of(""));
    List<String> created = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      String parent = pick(dirs);
      if (depth(parent) < maxDepth && random.nextInt(4) == 0) {
        parent = parent + "dir" + dirs.size() + "/";
        dirs.add(parent);
      }
      String name = parent + "file" + i + ".bin";
      randomFile(name, random.nextInt(10) == 0 ? 0 : random.nextLong(maxSize + 1L));
      created.add(name);
    }
    List<String> shallowDirs = dirs.stream().filter(d -> depth(d) < maxDepth).toList();
    for (int i = 0; i < (files + 19) / 20; i++) {
      if (!shallowDirs.isEmpty()) {
        dir(pick(shallowDirs) + "empty" + i);
      }
      String link = pick(dirs) + "link" + i;
      Path linkParent = Path.of(link).getParent();
      Path target = Path.of(pick(created));
      symlink(link, (linkParent == null ? Path.of("") : linkParent).relativize(target).toString());
      hardLink(pick(dirs) + "hardlink" + i + ".bin", pick(created));
    }
    return this;
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private static int depth(String dirPrefix) {
    return (int) dirPrefix.chars().filter(c -> c == '/').count();
  }

  private Path withParents(String relativePath) throws IOException {
    Path path = path(relativePath);
    Files.createDirectories(path.getParent());
    return path;
  }

  private TreeBuilder write(String relativePath, ContentWriter writer) {
    return io(
        () -> {
          try (OutputStream out =
              Files.newOutputStream(
                  withParents(relativePath),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS)) {
            writer.write(out);
          }
        });
  }

  private FileChannel openForWrite(String relativePath) throws IOException {
    return FileChannel.open(
        path(relativePath), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }

  private TreeBuilder io(IoAction action) {
    try {
      action.run();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T result(IoSupplier<T> supplier) {
    try {
      return supplier.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  private interface ContentWriter {
    void write(OutputStream out) throws IOException;
  }

  private static final class Deleter extends SimpleFileVisitor<Path> {
    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
      Files.delete(file);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException exception) throws IOException {
      if (exception != null) {
        throw exception;
      }
      Files.delete(dir);
      return FileVisitResult.CONTINUE;
    }
  }
}
