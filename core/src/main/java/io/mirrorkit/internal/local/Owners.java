package io.mirrorkit.internal.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.Ownership;
import io.mirrorkit.Preserve;
import io.mirrorkit.SyncOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Maps an upstream's owners and groups to local ids and sets them, with rsync's rules: by name
 * where the upstream sent one and this host knows it, else by number; numbers alone with {@link
 * SyncOptions#numericIds()}; the owner only when running as root; a group a process that is not
 * root cannot set is left, with one warning. Names are looked up in {@code /etc/passwd} and {@code
 * /etc/group} (other name services are not consulted).
 *
 * <p>Thread-safe.
 */
public final class Owners {
  private static final boolean ROOT = currentUid() == 0;

  private final boolean owner;
  private final boolean group;
  private final boolean numeric;
  private final Map<String, Integer> users;
  private final Map<String, Integer> groups;
  private final Consumer<String> warnings;
  private volatile boolean warned;

  /** What {@code options} ask to preserve; {@code warnings} gets at most one warning. */
  public Owners(SyncOptions options, Consumer<String> warnings) {
    this.owner = options.preserves(Preserve.OWNER) && ROOT;
    this.group = options.preserves(Preserve.GROUP);
    this.numeric = options.numericIds();
    this.warnings = warnings;
    boolean names = (owner || group) && !numeric;
    this.users = names && owner ? read(Path.of("/etc/passwd")) : Map.of();
    this.groups = names && group ? read(Path.of("/etc/group")) : Map.of();
  }

  /** Whether anything about ownership is set at all. */
  public boolean active() {
    return owner || group;
  }

  /** The local owner id for {@code o}, or -1 when the owner is not set. */
  public int uid(@Nullable Ownership o) {
    if (!owner || o == null || o.uid() == Ownership.UNKNOWN) {
      return -1;
    }
    return map(o.uid(), o.user(), users);
  }

  /** The local group id for {@code o}, or -1 when the group is not set. */
  public int gid(@Nullable Ownership o) {
    if (!group || o == null || o.gid() == Ownership.UNKNOWN) {
      return -1;
    }
    return map(o.gid(), o.group(), groups);
  }

  private int map(int id, @Nullable String name, Map<String, Integer> names) {
    if (numeric || name == null || id == 0) {
      return id; // rsync never maps id 0 by name
    }
    Integer local = names.get(name);
    return local == null ? id : local;
  }

  /** Sets owner and group of {@code file} (never through a symlink) to those of {@code o}. */
  public void apply(Path file, @Nullable Ownership o) throws IOException {
    apply(file, o, -1, -1);
  }

  /**
   * Sets owner and group of {@code file} (never through a symlink) to those of {@code o}, where
   * they differ from {@code currentUid}/{@code currentGid} (-1: unknown, set in any case).
   */
  public void apply(Path file, @Nullable Ownership o, int currentUid, int currentGid)
      throws IOException {
    int uid = uid(o);
    int gid = gid(o);
    if (uid >= 0 && uid != currentUid) {
      Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }
    if (gid >= 0 && gid != currentGid) {
      try {
        Files.setAttribute(file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.FileSystemException e) {
        if (ROOT) {
          throw e;
        }
        if (!warned) {
          warned = true;
          warnings.accept(
              "cannot set group "
                  + gid
                  + " on "
                  + file
                  + " ("
                  + e.getReason()
                  + "): a process that is not root sets only groups it belongs to; such groups"
                  + " are left as they are");
        }
      }
    }
  }

  private static Map<String, Integer> read(Path file) {
    Map<String, Integer> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, UTF_8)) {
        String[] f = line.split(":", -1);
        if (f.length >= 3 && !f[0].isEmpty() && !line.startsWith("#")) {
          try {
            out.putIfAbsent(f[0], Integer.parseInt(f[2]));
          } catch (NumberFormatException e) {
            // not an entry
          }
        }
      }
    } catch (IOException e) {
      // no such database: ids are used as numbers
    }
    return out;
  }

  private static long currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
