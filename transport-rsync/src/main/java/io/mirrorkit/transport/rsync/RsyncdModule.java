package io.mirrorkit.transport.rsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One module that an {@link RsyncServer} serves: a name clients ask for, the directory it serves,
 * and the {@code rsyncd.conf} parameters mirrorkit implements ({@code comment}, {@code list},
 * {@code read only}, {@code auth users}, {@code secrets file}, {@code strict modes}, {@code hosts
 * allow}, {@code hosts deny}, {@code max connections}, {@code timeout}, {@code refuse options},
 * {@code exclude}/{@code include}/{@code filter}, {@code dont compress}, {@code munge symlinks}).
 * {@link RsyncdParameters} sets them by their rsyncd.conf names.
 *
 * <pre>{@code
 * RsyncdModule m = RsyncdModule.builder("debian", Path.of("/srv/mirror/debian"))
 *     .comment("Debian archive")
 *     .maxConnections(5)
 *     .timeout(Duration.ofMinutes(5))
 *     .exclude(".~tmp~/")
 *     .dontCompress("*.gz", "*.xz", "*.deb")
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. The builder validates each value when it is set.
 */
public final class RsyncdModule {
  private final String name;
  private final Path path;
  private final String comment;
  private final boolean list;
  private final boolean readOnly;
  private final List<String> authUsers;
  private final @Nullable Path secretsFile;
  private final boolean strictModes;
  private final List<String> hostsAllow;
  private final List<String> hostsDeny;
  private final int maxConnections;
  private final Duration timeout;
  private final List<String> refuseOptions;
  private final List<String> filterRules;
  private final List<String> dontCompress;
  private final boolean mungeSymlinks;
  private final boolean requireDirectory;

  private RsyncdModule(Builder b) {
    this.name = b.name;
    this.path = b.path;
    this.comment = b.comment;
    this.list = b.list;
    this.readOnly = b.readOnly;
    this.authUsers = List.copyOf(b.authUsers);
    this.secretsFile = b.secretsFile;
    this.strictModes = b.strictModes;
    this.hostsAllow = List.copyOf(b.hostsAllow);
    this.hostsDeny = List.copyOf(b.hostsDeny);
    this.maxConnections = b.maxConnections;
    this.timeout = b.timeout;
    this.refuseOptions = List.copyOf(b.refuseOptions);
    this.filterRules = List.copyOf(b.filterRules);
    this.dontCompress = List.copyOf(b.dontCompress);
    this.mungeSymlinks = b.mungeSymlinks;
    this.requireDirectory = b.requireDirectory;
  }

  /** A builder for a module {@code name} over the directory {@code path}. */
  public static Builder builder(String name, Path path) {
    return new Builder(name, path);
  }

  /** A builder holding this module's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(name, path);
    b.comment = comment;
    b.list = list;
    b.readOnly = readOnly;
    b.authUsers.addAll(authUsers);
    b.secretsFile = secretsFile;
    b.strictModes = strictModes;
    b.hostsAllow.addAll(hostsAllow);
    b.hostsDeny.addAll(hostsDeny);
    b.maxConnections = maxConnections;
    b.timeout = timeout;
    b.refuseOptions.addAll(refuseOptions);
    b.filterRules.addAll(filterRules);
    b.dontCompress.addAll(dontCompress);
    b.mungeSymlinks = mungeSymlinks;
    b.requireDirectory = requireDirectory;
    return b;
  }

  public String name() {
    return name;
  }

  /** The served directory (absolute, normalised). */
  public Path path() {
    return path;
  }

  public String comment() {
    return comment;
  }

  /** Whether the module appears in the module list ({@code list}). */
  public boolean list() {
    return list;
  }

  /** Whether uploads are refused ({@code read only}); mirrorkit's server only sends anyway. */
  public boolean readOnly() {
    return readOnly;
  }

  /** The {@code auth users} rules; empty means anyone may connect. */
  public List<String> authUsers() {
    return authUsers;
  }

  public @Nullable Path secretsFile() {
    return secretsFile;
  }

  /** Whether the secrets file must not be accessible to others ({@code strict modes}). */
  public boolean strictModes() {
    return strictModes;
  }

  public List<String> hostsAllow() {
    return hostsAllow;
  }

  public List<String> hostsDeny() {
    return hostsDeny;
  }

  /** The most simultaneous connections to this module; 0 means no limit. */
  public int maxConnections() {
    return maxConnections;
  }

  /** How long the server waits for a silent client; {@link Duration#ZERO} means the default. */
  public Duration timeout() {
    return timeout;
  }

  public List<String> refuseOptions() {
    return refuseOptions;
  }

  /** The module's own filter rules ({@code "- pattern"}, {@code "+ pattern"}), module-relative. */
  public List<String> filterRules() {
    return filterRules;
  }

  /** File-name patterns whose data is sent without compression ({@code dont compress}). */
  public List<String> dontCompress() {
    return dontCompress;
  }

  /**
   * Whether symlink targets lose a leading {@code /rsyncd-munged/} when sent ({@code munge
   * symlinks}): rsync's daemon prefixes the links it receives with it, and its sender removes it.
   */
  public boolean mungeSymlinks() {
    return mungeSymlinks;
  }

  /** Whether {@link Builder#build()} required the path to be a directory. */
  public boolean requireDirectory() {
    return requireDirectory;
  }

  @Override
  public String toString() {
    return "RsyncdModule{" + name + " -> " + path + "}";
  }

  /** Builds an {@link RsyncdModule}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Path path;
    private String comment = "";
    private boolean list = true;
    private boolean readOnly = true;
    private final List<String> authUsers = new ArrayList<>();
    private @Nullable Path secretsFile;
    private boolean strictModes = true;
    private final List<String> hostsAllow = new ArrayList<>();
    private final List<String> hostsDeny = new ArrayList<>();
    private int maxConnections;
    private Duration timeout = Duration.ZERO;
    private final List<String> refuseOptions = new ArrayList<>();
    private final List<String> filterRules = new ArrayList<>();
    private final List<String> dontCompress = new ArrayList<>();
    private boolean mungeSymlinks;
    private boolean requireDirectory = true;

    private Builder(String name, Path path) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
      if (name.isEmpty()
          || name.contains("/")
          || name.contains("]")
          || name.startsWith("#")
          || !name.strip().equals(name)
          || name.chars().anyMatch(c -> c < 0x20)) {
        throw new IllegalArgumentException(
            "module name \""
                + name
                + "\" must be non-empty, without '/', ']', control characters,"
                + " a leading '#' or surrounding spaces");
      }
      this.name = name;
      this.path = path.toAbsolutePath().normalize();
    }

    public Builder comment(String value) {
      if (value.contains("\n") || value.contains("\r")) {
        throw new IllegalArgumentException("comment must be one line: \"" + value + "\"");
      }
      comment = value;
      return this;
    }

    public Builder list(boolean value) {
      list = value;
      return this;
    }

    public Builder readOnly(boolean value) {
      readOnly = value;
      return this;
    }

    /**
     * Adds {@code auth users} rules, checked in order, the first match deciding: a user name or
     * wildcard, or {@code @group} (a wildcard over the groups of the system user of that name, as
     * {@code id -Gn} lists them), optionally followed by {@code :deny}, {@code :ro} or {@code :rw}.
     * A user matched by an {@code @group} rule may give its own password or the group's
     * ({@code @group:password} in the secrets file). {@code :rw} is accepted, but this server only
     * sends: uploads are refused either way.
     */
    public Builder authUsers(String... rules) {
      for (String r : rules) {
        if (r.isBlank()) {
          throw new IllegalArgumentException("empty auth users rule");
        }
        authUsers.add(r.strip());
      }
      return this;
    }

    /** The {@code user:password} file the auth users are checked against. */
    public Builder secretsFile(Path file) {
      secretsFile = file.toAbsolutePath();
      return this;
    }

    public Builder strictModes(boolean value) {
      strictModes = value;
      return this;
    }

    /** Adds {@code hosts allow} entries: addresses, {@code addr/bits}, {@code addr/mask}, names. */
    public Builder hostsAllow(String... hosts) {
      for (String h : hosts) {
        hostsAllow.add(io.mirrorkit.transport.rsync.internal.server.HostAccess.validate(h));
      }
      return this;
    }

    public Builder hostsDeny(String... hosts) {
      for (String h : hosts) {
        hostsDeny.add(io.mirrorkit.transport.rsync.internal.server.HostAccess.validate(h));
      }
      return this;
    }

    public Builder maxConnections(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("max connections (" + value + ") must not be negative");
      }
      maxConnections = value;
      return this;
    }

    public Builder timeout(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("timeout (" + value + ") must not be negative");
      }
      timeout = value;
      return this;
    }

    /** Adds {@code refuse options} patterns (long option names, wildcards allowed). */
    public Builder refuseOptions(String... patterns) {
      for (String p : patterns) {
        refuseOptions.add(p.startsWith("--") ? p.substring(2) : p);
      }
      return this;
    }

    /** Adds an {@code exclude} pattern (module-relative, rsync's pattern rules). */
    public Builder exclude(String pattern) {
      return filter("- " + pattern);
    }

    /** Adds an {@code include} pattern. */
    public Builder include(String pattern) {
      return filter("+ " + pattern);
    }

    /** Adds a filter rule: {@code "- pattern"}, {@code "+ pattern"} or {@code "!"}. */
    public Builder filter(String rule) {
      io.mirrorkit.FilterRules.builder().rule(rule); // validates now
      filterRules.add(rule);
      return this;
    }

    /** Adds {@code dont compress} patterns such as {@code *.gz}. */
    public Builder dontCompress(String... patterns) {
      for (String p : patterns) {
        if (!p.isBlank()) {
          dontCompress.add(p.strip());
        }
      }
      return this;
    }

    /**
     * {@code munge symlinks}: send a symlink whose target starts with {@code /rsyncd-munged/}
     * without that prefix, as rsync's daemon sender does (default false; rsync's own default is the
     * opposite of {@code use chroot}).
     */
    public Builder mungeSymlinks(boolean value) {
      mungeSymlinks = value;
      return this;
    }

    /**
     * Whether {@link #build()} requires the path to be a directory now (default true). False for a
     * path that appears later, such as a mirror's {@code current} link before its first sync: until
     * it resolves to a directory, clients asking for the module get rsync's {@code @ERROR: chdir
     * failed}.
     */
    public Builder requireDirectory(boolean value) {
      requireDirectory = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException if auth users are set without a secrets file, or the path is
     *     not a directory (unless {@link #requireDirectory} is false)
     */
    public RsyncdModule build() {
      if (!authUsers.isEmpty() && secretsFile == null) {
        throw new IllegalArgumentException(
            "module " + name + " has auth users but no secrets file");
      }
      if (requireDirectory && !Files.isDirectory(path)) {
        throw new IllegalArgumentException(
            "module " + name + ": path " + path + " is not a directory");
      }
      return new RsyncdModule(this);
    }
  }
}
