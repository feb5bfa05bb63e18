package io.mirrorkit.store.s3.internal;

import io.mirrorkit.Checksum;
import io.mirrorkit.DeletePolicy;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.PlanAction;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.MirrorStore;
import io.mirrorkit.spi.StoreContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The mirror in a bucket: the {@link MirrorStore} of {@code s3://} targets. Plans against a
 * paginated {@code ListObjectsV2} joined with the {@link Manifest}; receives each file into a local
 * temporary file and uploads it whole to its key ({@link Uploads}); writes links, held-back data,
 * the last stage and deletions in the plan's order ({@link #apply}). Thread-safe for deliveries.
 */
final class ObjectMirror implements MirrorStore {
  private static final String MANIFEST = "manifest.json";

  private final S3Client s3;

  /** Where the mirror is read (the published generation), and where this sync writes. */
  private final S3Location read;

  private final S3Location where;

  /** The generations of the target and the one this sync builds, or null for a mirror in place. */
  private final S3Generations generations;

  private final @Nullable String building;

  private final int keep;
  private boolean built;
  private final Objects readObjects;
  private final SyncOptions options;
  private final StoreContext context;
  private final Uploads uploads;
  private final Objects objects;
  private final Path work;
  private final Manifest manifest;

  private final Map<FetchRequest, PlanAction> requested = new ConcurrentHashMap<>();
  private final Set<MirrorPath> arrived = ConcurrentHashMap.newKeySet();
  private final Set<MirrorPath> vanished = ConcurrentHashMap.newKeySet();
  private final Map<MirrorPath, String> refused = new ConcurrentHashMap<>();

  /** Files that arrived and wait for their stage: last-stage ones, or all with delay-updates. */
  private final Map<MirrorPath, Held> held = new ConcurrentHashMap<>();

  private record Held(
      PlanAction action, RemoteEntry entry, Path temp, long size, @Nullable String validator) {}

  /**
   * What a failed attempt of this sync received of a file (its local temporary file) and the
   * upstream's validator then, for a retry to continue from ({@link IncomingObject#resume}).
   */
  record Partial(Path file, @Nullable String validator) {}

  /** Partials by version of a file ({@link #version}): path, listed size and time. */
  private final Map<String, Partial> partials = new ConcurrentHashMap<>();

  /** Files whose copy could not be kept on a 304: asked for again without a condition. */
  private final Set<MirrorPath> unconditional = ConcurrentHashMap.newKeySet();

  /** A failure that retrying cannot mend (a denied write): the sync ends at once. */
  private volatile @Nullable IOException fatal;

  /**
   * @param read where the mirror is now (the published generation, or the target)
   * @param where where this sync writes (a new generation, or the target)
   * @param building the ID of the generation this sync builds, or null
   */
  ObjectMirror(
      S3Client s3,
      S3Location read,
      S3Location where,
      S3Generations generations,
      @Nullable String building,
      SyncOptions options,
      StoreContext context,
      Uploads uploads,
      Path work)
      throws IOException {
    this.s3 = s3;
    this.read = read;
    this.where = where;
    this.generations = generations;
    this.building = building;
    this.keep = options.generations();
    this.readObjects = new Objects(s3, read);
    this.options = options;
    this.context = context;
    this.uploads = uploads;
    this.objects = new Objects(s3, where);
    this.work = work;
    this.manifest = Manifest.parse(objects.read(read.own(MANIFEST)));
  }

  StoreContext context() {
    return context;
  }

  @Override
  public List<RemoteEntry> entries() throws IOException {
    return readObjects.scan(manifest, context::warn);
  }

  @Override
  public Checksum checksum(MirrorPath path, String algorithm) throws IOException {
    try (InputStream in = read(path)) {
      if (in == null) {
        throw new IOException("no object for " + path + " in " + where);
      }
      MessageDigest md = MessageDigest.getInstance(algorithm);
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return Checksum.of(algorithm, md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("cannot compute " + algorithm + " of " + path, e);
    }
  }

  @Override
  public @Nullable InputStream read(MirrorPath path) throws IOException {
    try {
      ResponseInputStream<GetObjectResponse> in =
          s3.getObject(b -> b.bucket(read.bucket()).key(read.key(path)));
      return in;
    } catch (NoSuchKeyException e) {
      return null;
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw S3Errors.explain(where, "reading " + path, e);
    }
  }

  /** Whether the manifest keeps an upstream validator for the object of {@code path}. */
  @Override
  public boolean vouched(MirrorPath path) {
    return validator(path) != null;
  }

  /**
   * The upstream validator kept with the object of {@code path}: in the manifest, and in the
   * object's metadata ({@code mirrorkit-validator}) for when the manifest is lost.
   */
  @Override
  public @Nullable String validator(MirrorPath path) {
    Manifest.Item it = manifest.get(path);
    return it == null || it.etag() == null ? null : it.validator();
  }

  /**
   * Deletions (before, if asked), directories, the data through {@code fetcher} (each file uploaded
   * whole as it arrives, or held back), links and attributes, the held-back data, the gate, the
   * last stage, deletions (after), directory times; the manifest is saved in any case.
   */
  @Override
  public void apply(Update update, Fetcher fetcher) throws IOException {
    SyncPlan plan = update.plan();
    List<PlanAction> deletions = plan.actions(SyncPlan.Stage.DELETIONS);
    if (building != null) {
      if (plan.actions().isEmpty()) {
        return; // nothing changed: the published generation stays
      }
      copyPublished();
      built = true;
    }
    try {
      if (options.deletePolicy() == DeletePolicy.BEFORE) {
        delete(deletions);
      }
      for (PlanAction a : plan.actions(SyncPlan.Stage.DIRECTORIES)) {
        manifest.put(a.entry(), null);
      }
      List<FetchRequest> fetches = new ArrayList<>();
      for (PlanAction a : plan.actions()) {
        if (a.isFetch()) {
          FetchRequest r = new FetchRequest(a.path(), a.entry(), null, condition(a));
          requested.put(r, a);
          fetches.add(r);
        }
      }
      fetcher.fetch(fetches);
      publishHeld(false, update);
      linksAndAttributes(plan.actions(SyncPlan.Stage.DATA));
      if (update.gate() != null) {
        try {
          update.gate().check();
        } catch (IOException | RuntimeException e) {
          discardHeld();
          throw e;
        }
      }
      publishHeld(true, update);
      linksAndAttributes(plan.actions(SyncPlan.Stage.LAST));
      if (options.deletePolicy() == DeletePolicy.AFTER) {
        delete(deletions);
      }
      for (RemoteEntry d : update.directories().values()) {
        manifest.put(d, null);
      }
    } finally {
      try {
        objects.write(where.own(MANIFEST), manifest.toJson());
      } catch (IOException e) {
        // only a cache: the next sync reads the objects it does not vouch for with a HEAD
        context.warn("could not save the manifest of " + where + ": " + e.getMessage());
      }
    }
  }

  /**
   * The validator to ask for {@code a}'s file with: the kept one, for a file the listing cannot
   * tell about whose object still has the listed size (as core's directory asks).
   */
  private @Nullable String condition(PlanAction a) {
    if (a.kind() != PlanAction.Kind.FETCH_CHANGED) {
      return null;
    }
    Manifest.Item it = manifest.get(a.path());
    String v = validator(a.path());
    if (it == null || v == null) {
      return null;
    }
    long listed = a.entry().size();
    return listed == RemoteEntry.UNKNOWN || listed == it.entry().size() ? v : null;
  }

  /**
   * Starts the new generation as a server-side copy of the published one (no data through this
   * host); the plan then changes it as it would change a mirror in place.
   */
  private void copyPublished() throws IOException {
    if (read.equals(where)) {
      return;
    }
    List<java.util.concurrent.CompletableFuture<Void>> copies = new ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<IOException> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    for (Manifest.Item it : List.copyOf(manifest.items().values())) {
      if (it.entry().isDirectory()) {
        continue;
      }
      MirrorPath p = it.entry().path();
      copies.add(
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                try {
                  String etag = uploads.copy(read.key(p), where.key(p));
                  manifest.put(it.entry(), etag, it.validator());
                } catch (IOException e) {
                  failure.compareAndSet(null, e);
                }
              },
              uploads.executor()));
    }
    copies.forEach(java.util.concurrent.CompletableFuture::join);
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /** Switches the pointer to the generation this sync built, then applies the retention. */
  @Override
  public void publish(String upstream, @Nullable String marker) throws IOException {
    if (building != null && built) {
      generations.switchTo(building);
      generations.retain(building, keep);
    }
  }

  /**
   * Called by an {@link IncomingObject} whose content is whole and checked.
   *
   * @param validator the upstream's validator of the content, or null
   */
  void arrived(
      PlanAction action, RemoteEntry entry, Path temp, long size, @Nullable String validator)
      throws IOException {
    dropPartial(action);
    if (action.lastStage() || options.delayUpdates()) {
      held.put(action.path(), new Held(action, entry, temp, size, validator));
      arrived.add(action.path());
      context.transferred(action.path(), size); // as the local store counts a staged file
      return;
    }
    upload(action, entry, temp, size, validator);
    context.transferred(action.path(), size);
  }

  private static String version(PlanAction action) {
    RemoteEntry e = action.entry();
    return action.path() + "\0" + e.size() + "\0" + e.mtimeNanos();
  }

  /** What a failed attempt kept of {@code action}'s version of the file, or null. */
  @Nullable Partial partial(PlanAction action) {
    return partials.get(version(action));
  }

  /**
   * Keeps what a failed attempt received of {@code action}'s file for a retry in this sync; a
   * larger partial kept before wins (the smaller file is then the caller's to delete).
   *
   * @return whether {@code file} is kept
   */
  boolean keepPartial(PlanAction action, Path file, @Nullable String validator) throws IOException {
    long size = Files.size(file);
    boolean[] kept = {false};
    partials.compute(
        version(action),
        (k, old) -> {
          try {
            if (old != null && Files.exists(old.file()) && Files.size(old.file()) >= size) {
              return old;
            }
            if (old != null) {
              Files.deleteIfExists(old.file());
            }
          } catch (IOException e) {
            // the older partial is unreadable: this one replaces it
          }
          kept[0] = true;
          return new Partial(file, validator);
        });
    return kept[0];
  }

  /** The partial of {@code action}'s file was taken over by a resumed attempt. */
  void resumed(PlanAction action) {
    partials.remove(version(action));
  }

  /** Deletes the partial of {@code action}'s file (it arrived whole). */
  private void dropPartial(PlanAction action) {
    Partial p = partials.remove(version(action));
    if (p != null) {
      try {
        Files.deleteIfExists(p.file());
      } catch (IOException e) {
        // a temporary file; the system's tmp cleaner takes it
      }
    }
  }

  /**
   * Called by an {@link IncomingObject} the upstream answered "not modified": the object stays;
   * attributes the listing gives (a time, a mode) that differ from the object's are written to its
   * metadata as for an attribute-only change, and the manifest keeps the validator.
   *
   * @throws IOException if the object is no longer the one the validator was kept for (it is then
   *     asked for again without a condition)
   */
  void unchanged(PlanAction action, String validator) throws IOException {
    MirrorPath p = action.path();
    Manifest.Item it = manifest.get(p);
    if (it == null || it.etag() == null || !validator.equals(it.validator())) {
      unconditional.add(p);
      throw new IOException(
          "the upstream says "
              + p
              + " is unchanged, but the object in "
              + where
              + " is no longer the one its validator was kept for; it will be fetched again");
    }
    RemoteEntry listed = action.entry();
    RemoteEntry kept = it.entry();
    RemoteEntry now = kept;
    if (listed.mtimeNanos() != RemoteEntry.UNKNOWN) {
      now = now.withMtimeNanos(listed.mtimeNanos());
    }
    if (listed.mode() != RemoteEntry.UNKNOWN_MODE) {
      now = now.withMode(listed.mode());
    }
    String etag = it.etag();
    if (now.mtimeNanos() != kept.mtimeNanos() || now.mode() != kept.mode()) {
      try {
        etag = uploads.replaceMetadata(where.key(p), Uploads.metadata(now, validator));
      } catch (IOException e) {
        unconditional.add(p);
        throw e;
      }
    }
    manifest.put(now, etag, validator);
    arrived.add(p);
    context.unchanged(p);
  }

  private void upload(
      PlanAction action, RemoteEntry entry, Path temp, long size, @Nullable String validator)
      throws IOException {
    try {
      String etag =
          uploads.put(where.key(action.path()), temp, size, Uploads.metadata(entry, validator));
      manifest.put(entry, etag, validator);
    } catch (IOException e) {
      if (e instanceof io.mirrorkit.AuthenticationException) {
        fatal = e;
      } else {
        context.warn("could not upload " + action.path() + ": " + e.getMessage());
      }
      context.failed(action.path(), e);
      throw e;
    } finally {
      Files.deleteIfExists(temp);
    }
    arrived.add(action.path());
  }

  /** Uploads the held-back files of one stage: the data (delay-updates), or the last stage. */
  private void publishHeld(boolean last, Update update) throws IOException {
    List<Held> stage = new ArrayList<>();
    for (Held h : held.values()) {
      if (h.action().lastStage() == last) {
        stage.add(h);
      }
    }
    stage.sort(
        Comparator.comparingInt((Held h) -> update.lastOrder().applyAsInt(h.action().path()))
            .thenComparing(h -> h.action().path()));
    for (Held h : stage) {
      held.remove(h.action().path());
      upload(h.action(), h.entry(), h.temp(), h.size(), h.validator());
    }
  }

  private void linksAndAttributes(List<PlanAction> actions) throws IOException {
    for (PlanAction a : actions) {
      switch (a.kind()) {
        case SYMLINK -> symlink(a);
        case HARDLINK -> hardLink(a);
        case SET_ATTRS -> attributes(a);
        default -> {}
      }
    }
  }

  /**
   * New attributes of an entry whose content is unchanged: a file's or a link's object gets the new
   * metadata (copied onto itself, {@link Uploads#replaceMetadata}), so that the object, not only
   * the manifest, carries the upstream time and mode; a directory has only its manifest item. An
   * object beyond CopyObject's 5 GiB keeps its metadata and the manifest alone has the change (a
   * warning says so).
   */
  private void attributes(PlanAction a) throws IOException {
    Manifest.Item it = manifest.get(a.path());
    RemoteEntry e = a.entry();
    String etag = it == null ? null : it.etag();
    String validator = it == null ? null : it.validator();
    if ((e.isFile() || e.isSymlink()) && it != null && etag != null) {
      if (e.size() > Uploads.MAX_COPY) {
        context.warn(
            "the metadata of "
                + a.path()
                + " (over 5 GiB) stays as uploaded; the manifest has its new attributes");
      } else {
        etag = uploads.replaceMetadata(where.key(a.path()), Uploads.metadata(e, validator));
      }
    }
    manifest.put(e, etag, validator);
  }

  /** A symbolic link: a small object holding the target, marked in its metadata. */
  private void symlink(PlanAction a) throws IOException {
    RemoteEntry e = a.entry();
    String target = java.util.Objects.requireNonNull(e.linkTarget());
    String etag =
        uploads.put(
            where.key(a.path()), target.getBytes(StandardCharsets.UTF_8), Uploads.metadata(e));
    manifest.put(e, etag);
    context.linked(a.path(), true);
  }

  /** A hard link: a server-side copy of its group's first file; both carry the group. */
  private void hardLink(PlanAction a) throws IOException {
    MirrorPath leader = java.util.Objects.requireNonNull(a.linkTo());
    String etag = uploads.copy(where.key(leader), where.key(a.path()));
    long group = (leader.toString().hashCode() & 0x7fffffffL) | 1L << 40;
    Manifest.Item lead = manifest.get(leader);
    if (lead != null) {
      manifest.put(lead.entry().withHardLinkGroup(group), lead.etag());
    }
    manifest.put(a.entry().withHardLinkGroup(group), etag);
    context.linked(a.path(), false);
  }

  private void delete(List<PlanAction> deletions) throws IOException {
    List<MirrorPath> files = new ArrayList<>();
    for (PlanAction a : deletions) {
      Manifest.Item it = manifest.get(a.path());
      if (it != null && it.entry().isDirectory()) {
        manifest.remove(a.path());
        context.deleted(a.path());
      } else {
        files.add(a.path());
      }
    }
    objects.delete(files, where::key);
    for (MirrorPath p : files) {
      manifest.remove(p);
      context.deleted(p);
    }
  }

  @Override
  public FetchTarget open(FetchRequest request) throws IOException {
    PlanAction action = requested.get(request);
    if (action == null) {
      throw new IllegalStateException(
          "transport opened a file that was not requested in this batch: " + request.path());
    }
    context.started(action.path(), request.expectedSize());
    return new IncomingObject(this, action, request.validator(), work);
  }

  @Override
  public void vanished(FetchRequest request, String detail) {
    vanished.add(request.path());
    context.warn("file vanished upstream: " + request.path() + " (" + detail + ")");
  }

  @Override
  public void failed(FetchRequest request, String detail) {
    if (refused.putIfAbsent(request.path(), detail) == null) {
      context.warn("the upstream did not send " + request.path() + ": " + detail);
    }
  }

  @Override
  public boolean done(FetchRequest request) {
    MirrorPath p = request.path();
    return arrived.contains(p) || vanished.contains(p) || refused.containsKey(p);
  }

  /** The same request, or one without its validator when a 304 could not keep the object. */
  @Override
  public FetchRequest again(FetchRequest request) {
    PlanAction action = requested.get(request);
    if (action == null || request.validator() == null || !unconditional.contains(request.path())) {
      return request;
    }
    FetchRequest plain = new FetchRequest(request.path(), request.entry(), request.basis(), null);
    requested.put(plain, action);
    return plain;
  }

  @Override
  public void awaitPublished() {
    // uploads finish inside FetchTarget.complete()
  }

  @Override
  public @Nullable IOException fatal() {
    return fatal;
  }

  @Override
  public Map<MirrorPath, String> refused() {
    return new TreeMap<>(refused);
  }

  @Override
  public int discardHeld() throws IOException {
    int n = 0;
    long bytes = 0;
    for (Held h : List.copyOf(held.values())) {
      held.remove(h.action().path());
      arrived.remove(h.action().path());
      Files.deleteIfExists(h.temp());
      n++;
      bytes += h.size();
    }
    if (n > 0) {
      context.unpublished(0, bytes);
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    discardHeld();
    for (Partial p : partials.values()) {
      Files.deleteIfExists(p.file()); // resumed within a sync only
    }
    partials.clear();
  }
}
