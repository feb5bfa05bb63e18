package io.mirrorkit.transport.rsync.fake;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the {@link FakeRsyncServer}'s file list, exactly as it will go on the wire: raw name
 * bytes (sent as they are, so they may be hostile), the full {@code st_mode}, the listed size, the
 * modification time and, for regular files, the content the server sends when asked.
 *
 * <p>Immutable; the {@code with…} methods return changed copies.
 */
public final class FakeEntry {
  /** File-type bits of {@code st_mode}. */
  static final int S_IFREG = 0100000;

  static final int S_IFDIR = 0040000;
  static final int S_IFLNK = 0120000;

  /** The default modification time: 2023-11-14T22:13:20Z. */
  static final long DEFAULT_MTIME = 1_700_000_000L;

  /** How the entry takes part in a hard-link group. */
  enum HardLink {
    NONE,
    LEADER,
    FOLLOWER
  }

  private final byte[] name;
  private final int mode;
  private final long size;
  private final long mtime;
  private final int nsec;
  private final byte @Nullable [] linkTarget;
  private final byte @Nullable [] content;
  private final HardLink hardLink;
  private final int leaderIndex;

  private FakeEntry(
      byte[] name,
      int mode,
      long size,
      long mtime,
      int nsec,
      byte @Nullable [] linkTarget,
      byte @Nullable [] content,
      HardLink hardLink,
      int leaderIndex) {
    this.name = name;
    this.mode = mode;
    this.size = size;
    this.mtime = mtime;
    this.nsec = nsec;
    this.linkTarget = linkTarget;
    this.content = content;
    this.hardLink = hardLink;
    this.leaderIndex = leaderIndex;
  }

  /** The transfer root {@code "."}, a directory, as rsync sends it first. */
  public static FakeEntry root() {
    return dir(".");
  }

  /** A directory with mode 0755. */
  public static FakeEntry dir(String name) {
    return new FakeEntry(
        bytes(name), S_IFDIR | 0755, 4096, DEFAULT_MTIME, 0, null, null, HardLink.NONE, -1);
  }

  /** A regular file with mode 0644 whose listed size is the content's length. */
  public static FakeEntry file(String name, String content) {
    return file(bytes(name), bytes(content));
  }

  /** A regular file with a raw (possibly hostile) name and mode 0644. */
  public static FakeEntry file(byte[] name, byte[] content) {
    return new FakeEntry(
        name.clone(),
        S_IFREG | 0644,
        content.length,
        DEFAULT_MTIME,
        0,
        null,
        content.clone(),
        HardLink.NONE,
        -1);
  }

  /** A symlink with mode 0777 whose listed size is the target's length. */
  public static FakeEntry symlink(String name, String target) {
    byte[] t = bytes(target);
    return new FakeEntry(
        bytes(name), S_IFLNK | 0777, t.length, DEFAULT_MTIME, 0, t, null, HardLink.NONE, -1);
  }

  /**
   * A hard link to the entry at receive index {@code leaderIndex} (the position in the list as the
   * server sends it, which is what rsync puts on the wire). Only the name and that index are sent;
   * the content served for it is the leader's.
   */
  public static FakeEntry hardLinkTo(String name, int leaderIndex) {
    return new FakeEntry(
        bytes(name),
        S_IFREG | 0644,
        0,
        DEFAULT_MTIME,
        0,
        null,
        null,
        HardLink.FOLLOWER,
        leaderIndex);
  }

  /** This regular file as the first (leader) entry of a hard-link group. */
  public FakeEntry asHardLinkLeader() {
    return new FakeEntry(name, mode, size, mtime, nsec, linkTarget, content, HardLink.LEADER, -1);
  }

  /** A copy with other permission bits (the file type is kept). */
  public FakeEntry withPermissions(int permissions) {
    return new FakeEntry(
        name,
        (mode & 0170000) | permissions,
        size,
        mtime,
        nsec,
        linkTarget,
        content,
        hardLink,
        leaderIndex);
  }

  /** A copy with another modification time. */
  public FakeEntry withMtime(long seconds, int nanos) {
    return new FakeEntry(
        name, mode, size, seconds, nanos, linkTarget, content, hardLink, leaderIndex);
  }

  /**
   * A copy that lists another size (possibly negative) while serving the same content: a lie about
   * the file.
   */
  public FakeEntry withListedSize(long listedSize) {
    return new FakeEntry(
        name, mode, listedSize, mtime, nsec, linkTarget, content, hardLink, leaderIndex);
  }

  byte[] name() {
    return name;
  }

  int mode() {
    return mode;
  }

  boolean isDirectory() {
    return (mode & 0170000) == S_IFDIR;
  }

  long size() {
    return size;
  }

  long mtime() {
    return mtime;
  }

  int nsec() {
    return nsec;
  }

  byte @Nullable [] linkTarget() {
    return linkTarget;
  }

  byte @Nullable [] content() {
    return content;
  }

  HardLink hardLink() {
    return hardLink;
  }

  int leaderIndex() {
    return leaderIndex;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }
}
