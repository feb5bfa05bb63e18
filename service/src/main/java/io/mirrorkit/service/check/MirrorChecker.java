package io.mirrorkit.service.check;

import io.mirrorkit.TransportOption;
import io.mirrorkit.service.check.MirrorCheck.Verdict;
import io.mirrorkit.service.internal.Durations;
import io.mirrorkit.service.internal.Markers;
import io.mirrorkit.service.internal.Traces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Checks the freshness of many mirrors at once, as Debian's mirror checker and Arch's mirror status
 * do. Each mirror's evidence is read over its own transport (http, https, ftp, rsync: whatever is
 * installed) with a timeout on every step, at most {@link Builder#maxBytes} per file, and a
 * deadline on the whole check of that mirror, so a slow or hostile mirror cannot hang the run.
 *
 * <p>Evidence, first found wins: the version from {@code project/trace/master} (its {@code Archive
 * serial:} and date), {@code lastupdate} (Arch), {@code CURRENT} (IUS) or {@code
 * repodata/repomd.xml} (its revision); the last sync and software from the mirror's own trace (the
 * last line of {@code project/trace/_hierarchy} names it) or Arch's {@code lastsync}; an update in
 * progress from its {@code Archive-Update-in-Progress-<name>}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MirrorChecker {
  private static final List<String> VERSION_FILES =
      List.of("project/trace/master", "lastupdate", "CURRENT", "repodata/repomd.xml");

  private final Duration timeout;
  private final Duration maxAge;
  private final int maxBytes;
  private final int parallel;
  private final Clock clock;
  private final ClassLoader loader;
  private final Map<TransportOption<?>, Object> options;

  private MirrorChecker(Builder b) {
    this.options = Map.copyOf(b.options);
    this.timeout = b.timeout;
    this.maxAge = b.maxAge;
    this.maxBytes = b.maxBytes;
    this.parallel = b.parallel;
    this.clock = b.clock;
    this.loader = b.loader;
  }

  /** A builder with the defaults: 30 s timeout, 8 h max age, 64 KiB per file, 16 at once. */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads {@code 8h}, {@code 30m}, {@code 90s}, {@code 1d}. */
  public static Duration parseDuration(String text) {
    return Durations.parse(text);
  }

  /** The age above which a mirror is stale. */
  public Duration maxAge() {
    return maxAge;
  }

  /** What {@code upstream} has: its check, with its version as the reference. */
  public MirrorCheck checkOne(String url, @Nullable MirrorCheck upstream) {
    return checkOne(url, upstream, List.of());
  }

  /**
   * Checks {@code url} against {@code upstream}, whose past versions ({@code known}, oldest first,
   * from a {@link History}) date when it moved past the mirror's version.
   */
  public MirrorCheck checkOne(
      String url, @Nullable MirrorCheck upstream, List<History.UpstreamVersion> known) {
    Instant started = clock.instant();
    Evidence e = new Evidence();
    try (RemoteFiles files = RemoteFiles.open(url, timeout, maxBytes, loader, options)) {
      e.read(files);
    } catch (IOException | RuntimeException ex) {
      return down(url, started, ex.getMessage() == null ? ex.toString() : ex.getMessage());
    }
    Instant now = clock.instant();
    Duration age = age(e.version, e.versionTime, e.lastSync, upstream, known, now);
    String error = e.version == null && e.lastSync == null ? "no freshness evidence" : null;
    Verdict v;
    if (age == null || age.compareTo(maxAge) > 0) {
      v = Verdict.STALE;
    } else {
      v = e.updating ? Verdict.UPDATING : Verdict.FRESH;
    }
    return new MirrorCheck(
        url,
        v,
        true,
        e.version,
        e.versionTime,
        age,
        e.lastSync,
        e.updating,
        e.software,
        error,
        started,
        Duration.between(started, now));
  }

  /**
   * Debian's mirror checker rule: zero while the mirror has the upstream's current version; else
   * the time since the upstream moved past the mirror's version, which is when the upstream got the
   * version after it. That moment comes from {@code known} (the upstream's versions as a {@link
   * History} kept them, each dated by the upstream's trace where it gives a date, else by the first
   * check that saw it): exact when the history holds the mirror's version, or holds the versions
   * around the mirror's version's date. When no history knows, the fallbacks are, in order: the
   * time since the mirror's version was made (an upper bound: the upstream cannot have moved past a
   * version before it existed); without a dated version, the time since the mirror's last sync;
   * else unknown. Without an upstream, the age is the time since the last sync (else since the
   * version was made).
   *
   * @return the age, or null when nothing dates it
   */
  static @Nullable Duration age(
      @Nullable String version,
      @Nullable Instant versionTime,
      @Nullable Instant lastSync,
      @Nullable MirrorCheck upstream,
      List<History.UpstreamVersion> known,
      Instant now) {
    if (upstream == null || upstream.version() == null) {
      Instant t = lastSync != null ? lastSync : versionTime;
      return t == null ? null : nonNegative(Duration.between(t, now));
    }
    if (upstream.version().equals(version)) {
      return Duration.ZERO;
    }
    if (version != null) {
      for (int i = known.size() - 2; i >= 0; i--) {
        if (known.get(i).version().equals(version)) {
          return nonNegative(Duration.between(known.get(i + 1).since(), now));
        }
      }
    }
    if (versionTime != null
        && !known.isEmpty()
        && known.get(0).made() != null
        && !known.get(0).made().isAfter(versionTime)) {
      // the history covers the mirror's version's date: the next dated version moved past it
      for (History.UpstreamVersion v : known) {
        if (v.made() != null && v.made().isAfter(versionTime)) {
          return nonNegative(Duration.between(v.since(), now));
        }
      }
    }
    if (versionTime != null) {
      return nonNegative(Duration.between(versionTime, now));
    }
    return lastSync == null ? null : nonNegative(Duration.between(lastSync, now));
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * Checks {@code mirrors} in parallel against {@code upstream} (or, without one, by their last
   * sync).
   *
   * @throws IOException if {@code upstream} cannot be read: the check itself failed
   */
  public Report check(List<String> mirrors, @Nullable String upstream)
      throws IOException, InterruptedException {
    return check(mirrors, upstream, null);
  }

  /**
   * Like {@link #check(List, String)}, and keeps the upstream's version in {@code history} (when it
   * changed) before the mirrors are judged, whose ages then come from the upstream's versions the
   * history kept (see {@link #age}).
   *
   * @throws IOException if {@code upstream} cannot be read, or the history cannot be read or
   *     written: the check itself failed
   */
  public Report check(List<String> mirrors, @Nullable String upstream, @Nullable History history)
      throws IOException, InterruptedException {
    MirrorCheck up = null;
    List<History.UpstreamVersion> known = List.of();
    if (upstream != null) {
      up = checkOne(upstream, null);
      if (!up.reachable() || up.version() == null) {
        throw new IOException(
            "the upstream "
                + upstream
                + " gives no version: "
                + (up.error() == null
                    ? "no trace, lastupdate, CURRENT or repomd.xml"
                    : up.error()));
      }
      if (history != null) {
        history.recordUpstream(up);
        known = history.upstreamVersions(upstream);
      }
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(parallel, mirrors.size())),
            r -> {
              Thread t = new Thread(r, "mirrorkit-check");
              t.setDaemon(true);
              return t;
            });
    try {
      MirrorCheck reference = up;
      List<History.UpstreamVersion> versions = known;
      List<Future<MirrorCheck>> futures = new ArrayList<>();
      for (String m : mirrors) {
        futures.add(pool.submit(() -> checkOne(m, reference, versions)));
      }
      List<MirrorCheck> results = new ArrayList<>();
      int waves = (mirrors.size() + parallel - 1) / parallel;
      Duration allowed = timeout.multipliedBy((VERSION_FILES.size() + 4L) * Math.max(1, waves));
      long deadline = System.nanoTime() + allowed.toNanos();
      for (int i = 0; i < futures.size(); i++) {
        Instant started = clock.instant();
        try {
          long left = Math.max(0, deadline - System.nanoTime());
          results.add(futures.get(i).get(left, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          futures.get(i).cancel(true);
          results.add(
              down(
                  mirrors.get(i),
                  started,
                  "no complete answer within the check's deadline of "
                      + allowed.toSeconds()
                      + " s (a slow or stalled mirror)"));
        } catch (ExecutionException e) {
          results.add(down(mirrors.get(i), started, String.valueOf(e.getCause())));
        }
      }
      return new Report(up, List.copyOf(results), maxAge, clock.instant());
    } finally {
      pool.shutdownNow();
    }
  }

  private MirrorCheck down(String url, Instant started, String error) {
    return new MirrorCheck(
        url,
        Verdict.DOWN,
        false,
        null,
        null,
        null,
        null,
        false,
        null,
        error,
        started,
        Duration.between(started, clock.instant()));
  }

  /**
   * One run of checks.
   *
   * @param upstream the upstream's own check, or null
   * @param mirrors one check per mirror, in the order given
   * @param maxAge the limit they were judged by
   * @param finished when the run ended
   */
  public record Report(
      @Nullable MirrorCheck upstream,
      List<MirrorCheck> mirrors,
      Duration maxAge,
      Instant finished) {
    /** 0 when no mirror is stale or down, else 1 (the exit code of {@code mirrorkit check}). */
    public int exitCode() {
      return mirrors.stream()
              .anyMatch(m -> m.verdict() == Verdict.STALE || m.verdict() == Verdict.DOWN)
          ? 1
          : 0;
    }
  }

  /** What one mirror's files say. */
  private static final class Evidence {
    @Nullable String version;
    @Nullable Instant versionTime;
    @Nullable Instant lastSync;
    @Nullable String software;
    boolean updating;

    void read(RemoteFiles files) throws IOException {
      for (String path : VERSION_FILES) {
        byte[] content = files.read(path);
        if (content == null) {
          continue;
        }
        String text = new String(content, StandardCharsets.UTF_8);
        version = Markers.key(path, content);
        if (path.startsWith("project/trace/")) {
          versionTime = Traces.date(text);
        } else if (path.equals("lastupdate") && text.trim().matches("\\d+")) {
          versionTime = Instant.ofEpochSecond(Long.parseLong(text.trim()));
        }
        break;
      }
      byte[] hierarchy = files.read("project/trace/_hierarchy");
      String own = null;
      if (hierarchy != null) {
        String[] lines = new String(hierarchy, StandardCharsets.UTF_8).strip().split("\n");
        String last = lines[lines.length - 1].trim();
        own = last.isEmpty() ? null : last.split("\\s+")[0];
      }
      if (own != null && own.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        byte[] trace = files.read("project/trace/" + own);
        if (trace != null) {
          String text = new String(trace, StandardCharsets.UTF_8);
          lastSync = Traces.date(text);
          for (String line : text.split("\n")) {
            if (line.startsWith("Creator:") || line.startsWith("Used ftpsync version:")) {
              software = line.substring(line.indexOf(':') + 1).trim();
              break;
            }
          }
        }
        updating = files.read("Archive-Update-in-Progress-" + own) != null;
      }
      if (lastSync == null) {
        byte[] lastsync = files.read("lastsync");
        if (lastsync != null) {
          String t = new String(lastsync, StandardCharsets.UTF_8).trim();
          if (t.matches("\\d+")) {
            lastSync = Instant.ofEpochSecond(Long.parseLong(t));
          }
        }
      }
    }
  }

  /** Builds a {@link MirrorChecker}. Not thread-safe. */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(30);
    private Duration maxAge = Duration.ofHours(8);
    private int maxBytes = 64 * 1024;
    private int parallel = 16;
    private Clock clock = Clock.systemUTC();
    private ClassLoader loader = MirrorChecker.class.getClassLoader();
    private final Map<TransportOption<?>, Object> options = new java.util.LinkedHashMap<>();

    private Builder() {}

    /**
     * A transport's typed option for every mirror read (checked as it is set), such as the http
     * transport's {@code HttpOptions.TLS_TRUST_STORE} to trust a private CA or a self-signed
     * certificate of https mirrors.
     */
    public <T> Builder transportOption(TransportOption<T> key, T value) {
      io.mirrorkit.SyncOptions.builder().option(key, value); // validates as the sync would
      options.put(key, value);
      return this;
    }

    /** The timeout of each connect and read (default 30 s). */
    public Builder timeout(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("timeout (" + value + ") must be positive");
      }
      this.timeout = value;
      return this;
    }

    /** The age above which a mirror is stale (default 8 h). */
    public Builder maxAge(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("maxAge (" + value + ") must not be negative");
      }
      this.maxAge = value;
      return this;
    }

    /** The most bytes read of one file (default 64 KiB); a bigger file fails that mirror. */
    public Builder maxBytes(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxBytes (" + value + ") must be positive");
      }
      this.maxBytes = value;
      return this;
    }

    /** How many mirrors are checked at once (default 16). */
    public Builder parallel(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("parallel (" + value + ") must be positive");
      }
      this.parallel = value;
      return this;
    }

    /** The clock of ages and check times (default UTC system clock). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Where transports are found (default this class's loader). */
    public Builder classLoader(ClassLoader value) {
      this.loader = value;
      return this;
    }

    public MirrorChecker build() {
      return new MirrorChecker(this);
    }
  }
}
