package io.mirrorkit.examples.cli;

import io.mirrorkit.DeletePolicy;
import io.mirrorkit.FilterRules;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.service.SyncKeys;
import io.mirrorkit.service.internal.UpstreamFiles;
import io.mirrorkit.transport.git.GitSyncEngine;
import io.mirrorkit.transport.rsync.RsyncOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * SOURCE, TARGET and the options of {@code sync} and {@code plan}, which make a {@link
 * SyncRequest}.
 *
 * <p>Options with a value are setters that hand the value to {@link SyncOptions.Builder} at once,
 * so that core validates it and a bad value is a usage error naming the option; the flags are
 * applied in {@link #request}, and so are the transport options ({@link Transports}), which are
 * checked as they come too.
 */
final class SyncArguments {
  /** The one mapping of flags to options, shared with the service's config. */
  private final SyncKeys keys = new SyncKeys();

  /** Hands one flag to {@link #keys}; a bad value is a usage error naming the flag. */
  private void set(String flag, Object value) {
    OptionValues.apply(spec, flag, () -> keys.set(flag.substring(2), value));
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SOURCE",
      converter = SourceArgument.Converter.class,
      description = {
        SourceConverter.DESCRIPTION,
        "As in rsync, for rsync://, file:// and local paths: SOURCE/dir without a trailing slash"
            + " mirrors the directory dir into TARGET/dir/; SOURCE/dir/ mirrors its contents into"
            + " TARGET (a module alone, rsync://host/module, is its contents). http(s), ftp and"
            + " git always mirror into TARGET."
      })
  SourceArgument source;

  @Parameters(
      index = "1",
      paramLabel = "TARGET",
      description =
          "The local mirror directory (created if missing; must not be a file), or a bucket"
              + " and prefix of S3-compatible object storage, s3://bucket/prefix/ (see 'S3 target"
              + " options').")
  String target;

  @Mixin S3Flags s3;

  @Mixin FilterOptions filters;

  @Mixin UpstreamLogin login;

  @Mixin Transports transports;

  @Mixin RsyncFlags rsync;

  @Mixin FormatFlags format;

  private @Nullable Path filesFrom;
  private @Nullable String remoteFilesFrom;

  @Option(
      names = {"-z", "--compress"},
      order = 55,
      description = "Compress file data on the wire (rsync:// only; zstd or zlibx as negotiated).")
  boolean compress;

  @Option(
      names = "--delete",
      order = 20,
      description =
          "Delete local entries the upstream no longer has, after all transfers (what mirrors"
              + " use: clients never miss a file an index still names).")
  void delete(boolean on) {
    set("--delete", on);
  }

  @Option(
      names = "--delete-before",
      order = 21,
      description = "Delete before the transfers instead, to free space first. Implies --delete.")
  void deleteBefore(boolean on) {
    rsync.deleteWhen(DeletePolicy.BEFORE);
    set("--delete-before", on);
  }

  @Option(
      names = "--delete-excluded",
      order = 22,
      description = "Also delete local entries that the filters exclude. Implies --delete.")
  void deleteExcluded(boolean on) {
    set("--delete-excluded", on);
  }

  @Option(
      names = "--allow-empty-upstream",
      order = 25,
      description = "Let an empty upstream listing delete the whole mirror.")
  void allowEmptyUpstream(boolean on) {
    set("--allow-empty-upstream", on);
  }

  @Option(
      names = "--delay-updates",
      order = 30,
      description = "Stage all new files and rename them into place together at the end.")
  void delayUpdates(boolean on) {
    set("--delay-updates", on);
  }

  @Option(
      names = {"-c", "--checksum"},
      order = 40,
      description = "Compare files by checksum instead of size and modification time.")
  void checksum(boolean on) {
    set("--checksum", on);
  }

  @Option(names = "--no-perms", order = 42, description = "Do not preserve permissions.")
  void noPerms(boolean on) {
    set("--no-perms", on);
  }

  @Option(names = "--no-times", order = 43, description = "Do not preserve modification times.")
  void noTimes(boolean on) {
    set("--no-times", on);
  }

  @Option(names = "--no-links", order = 44, description = "Do not preserve symlinks (skip them).")
  void noLinks(boolean on) {
    set("--no-links", on);
  }

  @Option(
      names = "--no-hard-links",
      order = 45,
      description = "Do not preserve hard links (each link becomes a separate file).")
  void noHardLinks(boolean on) {
    set("--no-hard-links", on);
  }

  @Option(
      names = "--no-fsync",
      order = 56,
      description =
          "Do not force each file to disk before renaming it into place: faster for many small"
              + " files; after a crash a file may be empty or short.")
  void noFsync(boolean on) {
    set("--no-fsync", on);
  }

  @Option(
      names = "--state-dir",
      order = 57,
      paramLabel = "DIR",
      description =
          "Keep the lock, state, validators, staging and partial files in DIR, which must not be"
              + " inside TARGET (default: .NAME.mirrorkit beside TARGET).")
  void stateDirectory(Path dir) {
    set("--state-dir", dir.toString());
  }

  @Option(
      names = "--generations",
      order = 58,
      paramLabel = "N",
      description =
          "Keep N complete generations: each sync builds TARGET/.generations/ID (hard links to"
              + " unchanged files) and publishes it by switching the symlink TARGET/current"
              + " atomically; serve TARGET/current. See 'mirrorkit generations' and 'mirrorkit"
              + " rollback'. Default 0: update TARGET in place.")
  void generations(int n) {
    set("--generations", (long) n);
  }

  @Option(
      names = "--no-lock",
      order = 54,
      description = "Do not take the lock that keeps two syncs of TARGET apart.")
  void noLock(boolean on) {
    set("--no-lock", on);
  }

  @Option(
      names = "--max-delete",
      order = 23,
      paramLabel = "N",
      description = "Stop before changing anything if the sync would delete more than N entries.")
  void maxDelete(long count) {
    set("--max-delete", count);
  }

  @Option(
      names = "--max-delete-percent",
      order = 24,
      paramLabel = "P",
      description =
          "Stop before changing anything if the sync would delete more than P%% of a mirror of"
              + " 20 files or more (default 50).")
  void maxDeletePercent(int percent) {
    set("--max-delete-percent", (long) percent);
  }

  @Option(
      names = "--last",
      order = 31,
      paramLabel = "GLOB",
      description =
          "Publish metadata matching GLOB after all other files, e.g. 'repodata/***' or"
              + " 'dists/**'. Repeatable.")
  void last(String glob) {
    set("--last", glob);
  }

  @Option(
      names = "--marker",
      order = 32,
      paramLabel = "FILE",
      description =
          "Skip the sync when the upstream file FILE (e.g. CURRENT, project/trace/master) is"
              + " unchanged since the last good sync.")
  void marker(String path) {
    set("--marker", path);
  }

  @Option(
      names = "--bwlimit",
      order = 50,
      paramLabel = "RATE",
      description =
          "Limit the bandwidth to RATE KiB/s; with the suffix k, m or g, to RATE KiB/s, MiB/s"
              + " or GiB/s. For example 500, 45k or 1.5m; 0 for no limit.")
  void bwlimit(String rate) {
    set("--bwlimit", rate);
  }

  @Option(
      names = "--limit-rate",
      order = 50,
      paramLabel = "RATE",
      description =
          "--bwlimit the wget way: RATE bytes/s; with the suffix k, m or g, RATE KiB/s, MiB/s or"
              + " GiB/s. For example 20000, 20k or 1.5m (--limit-rate 20k is --bwlimit 20).")
  void limitRate(String rate) {
    set("--limit-rate", rate);
  }

  @Option(
      names = "--parallel",
      order = 51,
      paramLabel = "N",
      description = "Run up to N transfers at once, where the transport can.")
  void parallel(int n) {
    set("--parallel", (long) n);
  }

  @Option(
      names = "--timeout",
      order = 52,
      paramLabel = "S",
      description = "Fail a connection that is silent for S seconds.")
  void timeout(long seconds) {
    set("--timeout", seconds);
  }

  @Option(
      names = "--files-from",
      order = 19,
      paramLabel = "FILE",
      description =
          "Mirror only the paths listed in FILE (relative to SOURCE, one a line), with the"
              + " directories above them; a listed directory's contents only with -r, as in"
              + " rsync. --files-from=:PATH reads the list from the upstream, PATH below SOURCE.")
  void filesFrom(String file) {
    OptionValues.apply(
        spec,
        "--files-from",
        () -> {
          if (file.startsWith(":")) {
            String path = file.substring(1).replaceAll("^/+", "");
            FilesFrom.parse(List.of(path), "--files-from=" + file); // a path below SOURCE
            filesFrom = null;
            remoteFilesFrom = path;
          } else {
            Path path = Path.of(file);
            FilesFrom.read(path); // checked now: a bad list is a usage error naming the line
            filesFrom = path;
            remoteFilesFrom = null;
          }
        });
  }

  @Option(
      names = "--retries",
      order = 53,
      paramLabel = "N",
      description = "Retry a failed file N times.")
  void retries(int n) {
    set("--retries", (long) n);
  }

  @Option(
      names = "--modify-window",
      order = 41,
      paramLabel = "S",
      description = "Treat modification times that differ by at most S seconds as equal.")
  void modifyWindow(long seconds) {
    set("--modify-window", seconds);
  }

  /**
   * The request these arguments describe, reporting to {@code listener}. Checks TARGET first: a
   * TARGET that is a file is refused before anything else happens.
   *
   * @throws IllegalArgumentException for a TARGET that is a file, or a SOURCE {@code --port} does
   *     not fit
   */
  SyncRequest request(SyncListener listener) {
    URI store = storeTarget();
    Path mirror = store == null ? source.mirrorDirectory(Path.of(target)) : null;
    Repository upstream = login.apply(source.withPort(rsync.port()));
    rsync.applyTo(keys, listener);
    format.applyTo(keys);
    s3.applyTo(keys);
    SyncOptions.Builder options = keys.builder(java.util.List.of());
    transports.applyTo(options);
    options.filters(filters(upstream, options)).option(RsyncOptions.COMPRESS, compress);
    if (store != null) {
      return SyncRequest.of(upstream, store, options.build()).withListener(listener);
    }
    return new SyncRequest(upstream, mirror, options.build(), listener);
  }

  /**
   * TARGET as a store URI ({@code s3://bucket/prefix/}), with SOURCE's directory appended as for a
   * local TARGET when SOURCE has no trailing slash; null for a local TARGET.
   */
  private @Nullable URI storeTarget() {
    if (!SyncRequest.isStoreUri(target) || target.regionMatches(true, 0, "file:", 0, 5)) {
      return null;
    }
    String uri = target.endsWith("/") ? target : target + "/";
    String name = source.copiedDirectory();
    if (name != null) {
      uri = uri + name + "/";
    }
    try {
      return new URI(uri);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("TARGET " + target + " is not a URI: " + e.getMessage());
    }
  }

  /** An engine with the installed transports and stores (a store's options come in the request). */
  SyncEngine engine() {
    return SyncEngine.builder().build();
  }

  /**
   * The filter rules, and those of {@code --files-from} after them; a list on the upstream is read
   * from {@code upstream} now.
   */
  private FilterRules filters(Repository upstream, SyncOptions.Builder options) {
    FilterRules rules = filters.build();
    try {
      if (filesFrom != null) {
        return FilesFrom.select(rules, FilesFrom.read(filesFrom), rsync.recursive);
      }
      if (remoteFilesFrom != null) {
        String where = "--files-from=:" + remoteFilesFrom + " (on " + upstream + ")";
        SyncOptions plain = options.build();
        if (GitSyncEngine.handles(upstream, plain)) {
          throw new IllegalArgumentException("--files-from does not apply to a git upstream");
        }
        byte[] list;
        try (SyncEngine engine = SyncEngine.builder().build()) {
          list = UpstreamFiles.read(engine, upstream, plain, remoteFilesFrom);
        }
        if (list == null) {
          throw new NoSuchFileException(where, null, "the upstream has no such file");
        }
        List<String> lines = new String(list, StandardCharsets.UTF_8).lines().toList();
        return FilesFrom.select(rules, FilesFrom.parse(lines, where), rsync.recursive);
      }
      return rules;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the --files-from list", e);
    }
  }
}
