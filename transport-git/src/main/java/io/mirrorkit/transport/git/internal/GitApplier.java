package io.mirrorkit.transport.git.internal;

import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.spi.MirrorApplier;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.transport.git.GitOptions;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * git's local side for core's one orchestration ({@link MirrorApplier}): lists the upstream's refs
 * ({@code git ls-remote}), plans the ref updates of a bare repository like {@code git clone
 * --mirror} keeps it, and prepares a {@link GitUpdate} that fetches one pack and applies the refs
 * atomically. Core does the rest: target, state directory beside it, lock, approval, delete guard,
 * report, state. Thread-safe; every call opens its own connection and repository.
 */
public final class GitApplier implements MirrorApplier {
  private static final Logger log = LoggerFactory.getLogger(GitApplier.class);

  /** Names a bare repository's own entries, so a first sync can undo its {@code git init}. */
  private static final List<String> BARE_LAYOUT =
      List.of(
          "HEAD",
          "config",
          "description",
          "objects",
          "refs",
          "hooks",
          "info",
          "branches",
          "logs",
          "packed-refs",
          "FETCH_HEAD",
          "shallow");

  // ---------------------------------------------------------------------------------- plan, list

  /** The plan of a sync, without changing anything (the target may not exist). */
  SyncPlan plan(SyncRequest request, SessionContext context) throws IOException {
    URIish uri = GitUris.toJgit(request.repository().uri());
    Path target = request.target();
    try (org.eclipse.jgit.lib.Repository db = isBareRepository(target) ? open(target) : null;
        Transport tn = db == null ? Transport.open(uri) : Transport.open(db, uri)) {
      configure(tn, request);
      RefPlanner planner = new RefPlanner(request.options(), context::warn);
      RefPlanner.Prepared prepared;
      Map<String, Ref> advertised;
      try (FetchConnection conn = tn.openFetch()) {
        advertised = conn.getRefsMap();
        prepared = planner.prepare(request, advertised, db);
      }
      if (db == null) {
        return prepared.plan();
      }
      List<RefChange> known =
          DryRunFetch.classify(db, uri, advertised, prepared.changes(), t -> configure(t, request));
      return planner.plan(request, prepared, known);
    } catch (TransportException e) {
      throw translate(e, request.repository(), false);
    }
  }

  @Override
  public List<RemoteEntry> list(Repository repository, SyncOptions options, SessionContext context)
      throws IOException {
    URIish uri = GitUris.toJgit(repository.uri());
    SyncRequest request = new SyncRequest(repository, Path.of("."), options, SyncListener.NONE);
    try (Transport tn = Transport.open(uri)) {
      configure(tn, request);
      try (FetchConnection conn = tn.openFetch()) {
        Map<String, ObjectId> refs =
            new RefPlanner(options, context::warn)
                .upstreamRefs(conn.getRefsMap(), repository.toString());
        List<RemoteEntry> entries = new ArrayList<>();
        for (Map.Entry<String, ObjectId> e : refs.entrySet()) {
          entries.add(
              RemoteEntry.file(MirrorPath.of(e.getKey()), RemoteEntry.UNKNOWN, null)
                  .withChecksum(new io.mirrorkit.Checksum("SHA-1", e.getValue().name())));
        }
        return entries;
      }
    } catch (TransportException e) {
      throw translate(e, repository, false);
    }
  }

  @Override
  public boolean skipsUnchangedListing(SyncOptions options) {
    return options.option(GitOptions.SKIP_UNCHANGED);
  }

  @Override
  public Update prepare(SyncRequest request, SessionContext context, boolean forUpdate)
      throws IOException {
    if (!forUpdate) {
      SyncPlan plan = plan(request, context);
      return new Update() {
        @Override
        public SyncPlan plan() {
          return plan;
        }

        @Override
        public void apply(ApplyContext c) {
          throw new IllegalStateException("a plan that is only shown is not applied");
        }

        @Override
        public void close() {}
      };
    }
    Path target = request.target();
    boolean created = !isBareRepository(target);
    if (created) {
      checkEmpty(target);
    }
    URIish uri = GitUris.toJgit(request.repository().uri());
    org.eclipse.jgit.lib.Repository db = null;
    Transport tn = null;
    FetchConnection conn = null;
    try {
      db = created ? init(target, uri) : open(target);
      tn = Transport.open(db, uri);
      configure(tn, request);
      PackConnectivity proof = null;
      if (request.options().option(GitOptions.CHECK_CONNECTIVITY)) {
        proof = new PackConnectivity(tn.getObjectChecker());
        tn.setObjectChecker(proof);
      }
      conn = tn.openFetch();
      RefPlanner.Prepared prepared =
          new RefPlanner(request.options(), context::warn).prepare(request, conn.getRefsMap(), db);
      return new GitUpdate(request, db, tn, conn, proof, prepared, created);
    } catch (IOException | RuntimeException e) {
      closeQuietly(conn, tn, db);
      if (created) {
        undoInit(target);
      }
      if (e instanceof TransportException t) {
        throw translate(t, request.repository(), true);
      }
      throw e;
    }
  }

  private static void closeQuietly(
      @Nullable FetchConnection conn,
      @Nullable Transport tn,
      org.eclipse.jgit.lib.@Nullable Repository db) {
    if (conn != null) {
      conn.close();
    }
    if (tn != null) {
      tn.close();
    }
    if (db != null) {
      db.close();
    }
  }

  // ---------------------------------------------------------------------------------- local side

  static boolean isBareRepository(Path dir) {
    return Files.isRegularFile(dir.resolve("HEAD"))
        && Files.isDirectory(dir.resolve("objects"))
        && Files.isDirectory(dir.resolve("refs"));
  }

  static void checkEmpty(Path target) throws IOException {
    try (Stream<Path> s = Files.list(target)) {
      List<String> others =
          s.map(p -> p.getFileName().toString())
              .filter(n -> !n.equals(".mirrorkit")) // an older version's state
              .sorted()
              .limit(3)
              .toList();
      if (!others.isEmpty()) {
        throw new IOException(
            "the target "
                + target
                + " is neither a bare git repository nor empty (it holds "
                + String.join(", ", others)
                + "); give a new or empty directory for a git mirror");
      }
    }
  }

  private static org.eclipse.jgit.lib.Repository open(Path target) throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(target.toFile())
        .setBare()
        .setMustExist(true)
        .build();
  }

  /** A bare repository configured as {@code git clone --mirror} leaves it, without auto-gc. */
  private static org.eclipse.jgit.lib.Repository init(Path target, URIish uri) throws IOException {
    FileRepository db = new NewRepository(target.toFile());
    db.create(true);
    StoredConfig config = db.getConfig();
    config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", "url", uri.toString());
    config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", "fetch", "+refs/*:refs/*");
    config.setBoolean(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", "mirror", true);
    config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
    config.setBoolean(ConfigConstants.CONFIG_RECEIVE_SECTION, null, "autogc", false);
    config.save();
    return db;
  }

  /** Removes what a failed first sync's {@code git init} created; the lock directory stays. */
  static void undoInit(Path target) {
    for (String name : BARE_LAYOUT) {
      Path p = target.resolve(name);
      try {
        if (Files.exists(p)) {
          try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(q);
            }
          }
        }
      } catch (IOException e) {
        log.warn("could not remove {} after the failed first sync", p, e);
      }
    }
  }

  // ---------------------------------------------------------------------------------- helpers

  /** JGit's progress lines, which {@link ListenerProgress} already reports. */
  private static final java.util.regex.Pattern PROGRESS =
      java.util.regex.Pattern.compile("[^:]+: +(\\d+%.*|\\d+(, done\\.)?)\\s*");

  /**
   * The upstream's sideband text ("remote: ..." lines that are not progress, e.g. {@code Total 12
   * (delta 2)} or a server hook's output) as {@link SyncListener#upstreamMessage} lines, once each;
   * progress lines were already reported by {@link ListenerProgress}.
   */
  static void upstreamMessages(String messages, SyncListener listener) {
    if (messages == null || messages.isEmpty()) {
      return;
    }
    for (String line : messages.split("[\r\n]+")) {
      String text = line.strip();
      if (text.isEmpty() || PROGRESS.matcher(text).matches()) {
        continue;
      }
      try {
        listener.upstreamMessage(text);
      } catch (RuntimeException e) {
        log.warn("a SyncListener threw from upstreamMessage; ignored", e);
      }
    }
  }

  static void configure(Transport tn, SyncRequest request) {
    SyncOptions options = request.options();
    tn.setTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, options.timeout().toSeconds())));
    tn.setFetchThin(true);
    tn.setCheckFetchedObjects(options.option(GitOptions.CHECK_OBJECTS));
    CredentialsProvider credentials = GitUris.credentials(request.repository());
    if (credentials != null) {
      tn.setCredentialsProvider(credentials);
    }
  }

  /** A JGit failure as mirrorkit's error: which upstream, what happened, what to do. */
  static IOException translate(IOException e, Repository upstream, boolean fetching) {
    if (e instanceof InterruptedIOException) {
      return e;
    }
    String unchanged = fetching ? "; no ref of the mirror was changed" : "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return new IOException(
            "could not connect to " + upstream + " (" + t.getMessage() + ")" + unchanged, e);
      }
      if (t instanceof NoRemoteRepositoryException) {
        return new IOException(
            "the upstream " + upstream + " has no such repository" + unchanged, e);
      }
    }
    boolean protocol = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      protocol |= brokenStream(t);
    }
    String message =
        (fetching ? "fetching from " : "listing the refs of ")
            + upstream
            + " failed: "
            + stripPeriod(String.valueOf(e.getMessage()))
            + unchanged
            + ". Run the sync again; if it fails the same way, check the upstream";
    return protocol ? new ProtocolException(message, e) : new IOException(message, e);
  }

  /**
   * Whether {@code t} says the upstream sent a broken stream (a bad pack or packet line, a missing
   * or corrupt object), decided by type: JGit's typed exceptions, and the plain {@link IOException}
   * its pack parser and packet-line reader throw ("Not a PACK file.", "pack has unresolved deltas",
   * a bad packet-line header). A refused or failed request (an HTTP 403 on upload-pack) is not a
   * protocol error.
   */
  static boolean brokenStream(Throwable t) {
    if (t instanceof PackProtocolException
        || t instanceof CorruptObjectException
        || t instanceof MissingObjectException
        || t instanceof org.eclipse.jgit.errors.UnsupportedPackVersionException
        || t instanceof org.eclipse.jgit.errors.TooLargeObjectInPackException
        || t instanceof org.eclipse.jgit.errors.TooLargePackException
        || t instanceof EOFException) {
      return true;
    }
    if (t.getClass() != IOException.class || t.getStackTrace().length == 0) {
      return false;
    }
    String thrower = t.getStackTrace()[0].getClassName();
    return thrower.equals(org.eclipse.jgit.transport.PackParser.class.getName())
        || thrower.equals(org.eclipse.jgit.transport.PacketLineIn.class.getName());
  }

  /** A JGit message without the control characters a remote may send, and its final period. */
  private static String stripPeriod(String message) {
    String clean = message.replaceAll("\\p{Cntrl}", " ").trim();
    return clean.endsWith(".") ? clean.substring(0, clean.length() - 1) : clean;
  }
}
