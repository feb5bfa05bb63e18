package io.mirrorkit.transport.http.internal;

import io.mirrorkit.FilterRules;
import io.mirrorkit.ListingLimits;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.ListingGuard;
import io.mirrorkit.spi.TreeWalk;
import io.mirrorkit.transport.http.internal.listing.IndexPage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * One listing of the upstream: crawls the index pages below the start directory in parallel, within
 * the sync's {@link ListingLimits} (depth, entries, time per page and in all, and no page that
 * repeats an ancestor's). Any failure fails the whole listing, so that nothing is deleted on a
 * partial one. Use once.
 */
final class Crawler {
  /** What the crawl needs of its session. */
  record Setup(
      HttpLayout layout,
      IndexPages pages,
      HttpCalls calls,
      Robots robots,
      SkippedLinks skipped,
      ListingLimits limits,
      java.util.concurrent.Executor executor,
      int parallelism,
      boolean head) {}

  private final Setup s;
  private final HttpUrl base;
  private final ListingGuard guard;
  private final FilterRules filters;
  private final Predicate<MirrorPath> validated;
  private final Map<MirrorPath, RemoteEntry> entries = new ConcurrentHashMap<>();
  private final Map<String, Boolean> visited = new ConcurrentHashMap<>();
  private final Set<MirrorPath> unlisted = ConcurrentHashMap.newKeySet();
  private final AtomicLong precision = new AtomicLong(1);
  private final TreeWalk tasks;

  Crawler(Setup setup, ListRequest request) {
    this.s = setup;
    this.base = setup.layout().base();
    this.guard = ListingGuard.start(setup.limits(), HttpCalls.redacted(base));
    this.filters = request.filters();
    this.validated = request.validated();
    this.tasks = new TreeWalk(setup.executor(), setup.parallelism());
  }

  Listing run() throws IOException {
    try {
      MirrorPath parent = null;
      for (String c : s.layout().prefix()) {
        parent = parent == null ? MirrorPath.of(c) : parent.resolve(c);
        entries.put(parent, RemoteEntry.directory(parent, null));
      }
      visited.put(base.toString(), true);
      tasks.submit(() -> visit(base, null));
      tasks.await();
      if (s.head()) {
        new MetadataFiller(s.layout(), s.calls(), guard, tasks).fill(entries, validated, precision);
      }
    } finally {
      tasks.stop(); // after a failure: nothing more is listed
    }
    return new Listing(
        new ArrayList<>(entries.values()), Duration.ofNanos(precision.get()), null, unlisted);
  }

  private void visit(HttpUrl dir, @Nullable MirrorPath rel) throws IOException {
    guarded(dir, () -> guard.enter(rel));
    IndexPages.Page page;
    try {
      page = s.pages().read(dir, guard.directoryTimeout());
    } catch (IndexPages.TimedOut e) {
      ProtocolException p = guard.directoryTimedOut(rel, HttpCalls.redacted(dir));
      p.initCause(e);
      throw p;
    }
    List<String> own = childLinks(page.index());
    guarded(dir, () -> guard.entries(rel, own.size()));
    guarded(dir, () -> guard.contents(rel, own));
    boolean timed = false;
    for (IndexPage.Link link : page.index().links()) {
      timed |= entry(page, rel, link);
    }
    if (timed) {
      precision.accumulateAndGet(page.index().mtimePrecision().toNanos(), Math::max);
    }
  }

  /** Takes one link of a page; true if it was an entry with a time. */
  private boolean entry(IndexPages.Page page, @Nullable MirrorPath rel, IndexPage.Link link)
      throws IOException {
    LinkClassifier.Decision d =
        LinkClassifier.classify(base, page.url(), link, page.index().format());
    if (d.kind() == LinkClassifier.Kind.SKIP) {
      s.skipped().skip(d.reason(), d.url() == null ? link.href() : d.url().toString());
      return false;
    }
    if (d.kind() == LinkClassifier.Kind.NAVIGATION) {
      return false;
    }
    HttpUrl to = d.url();
    MirrorPath relPath;
    MirrorPath mirrorPath;
    try {
      relPath = rel == null ? MirrorPath.parse(d.name()) : rel.resolve(d.name());
      mirrorPath = s.layout().mirrorPath(relPath);
    } catch (UnsafePathException e) {
      s.skipped().skip("with unsafe names", to.toString());
      return false;
    }
    if (!filters.includesWithAncestors(mirrorPath.toString(), d.directory())) {
      return false;
    }
    if (!s.robots().allows(to.encodedPath())) {
      s.skipped().skip("disallowed by robots.txt", to.toString());
      unlisted.add(mirrorPath); // not listed, so not deleted either
      return false;
    }
    if (d.directory()) {
      return directory(to, relPath, mirrorPath, link);
    }
    long size = link.size() >= 0 ? link.size() : RemoteEntry.UNKNOWN;
    if (entries.putIfAbsent(mirrorPath, RemoteEntry.file(mirrorPath, size, link.mtime())) != null) {
      return false;
    }
    s.layout().found(mirrorPath, to);
    return link.mtime() != null;
  }

  private boolean directory(
      HttpUrl to, MirrorPath relPath, MirrorPath mirrorPath, IndexPage.Link link) {
    HttpUrl dirUrl =
        to.encodedPath().endsWith("/") ? to : to.newBuilder().addPathSegment("").build();
    if (entries.putIfAbsent(mirrorPath, RemoteEntry.directory(mirrorPath, link.mtime())) != null) {
      return false;
    }
    if (visited.putIfAbsent(dirUrl.toString(), true) == null) {
      tasks.submit(() -> visit(dirUrl, relPath));
    }
    return link.mtime() != null;
  }

  /** A guard check whose failure also names the index page. */
  private static void guarded(HttpUrl page, GuardCheck check) throws ProtocolException {
    try {
      check.run();
    } catch (ProtocolException e) {
      throw new ProtocolException(
          e.getMessage() + " (index page " + HttpCalls.redacted(page) + ")", e);
    }
  }

  private interface GuardCheck {
    void run() throws ProtocolException;
  }

  /**
   * What identifies the entries of a page (href, type, size, time), navigation left out: for the
   * entry count and the loop check.
   */
  private static List<String> childLinks(IndexPage index) {
    List<String> out = new ArrayList<>();
    for (IndexPage.Link l : index.links()) {
      String h = l.href();
      if (!h.startsWith("?") && !h.startsWith("/") && !h.startsWith("../") && !h.equals("./")) {
        out.add(h + (l.directory() ? "/" : "") + " " + l.size() + " " + l.mtime());
      }
    }
    return out;
  }
}
