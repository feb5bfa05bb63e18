package io.mirrorkit.transport.http.internal;

import io.mirrorkit.AuthenticationException;
import io.mirrorkit.Credentials;
import io.mirrorkit.FilterRules;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.RemoteEntry;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.FetchTarget;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.transport.http.HttpOptions;
import io.mirrorkit.transport.http.internal.listing.IndexPage;
import io.mirrorkit.transport.http.internal.listing.IndexParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync over HTTP(S): crawls the index pages below the start directory, then fetches files on
 * parallel keep-alive connections. Confinement: every request stays on the start URL's scheme, host
 * and port and below its directory; a link or redirect that leaves it is skipped and counted.
 */
public final class HttpSession implements Session {
  private static final Logger log = LoggerFactory.getLogger(HttpSession.class);
  private static final int MAX_REDIRECTS = 10;

  /** Validators (strong ETag or Last-Modified) of answers in this session, for If-Range. */
  private final Map<MirrorPath, String> validators = new java.util.concurrent.ConcurrentHashMap<>();

  private final OkHttpClient client;
  private final Repository repository;
  private final SyncOptions options;
  private final SessionContext context;
  private final HttpUrl base;
  private final List<String> prefix;
  private final RequestPacer pacer;
  private final String userAgent;
  private final @Nullable String authorization;
  private final Map<MirrorPath, HttpUrl> urls = new ConcurrentHashMap<>();
  private final java.time.ZoneId zone;
  private Robots robots = Robots.ALLOW_ALL;

  /** Whether the server answered over HTTP/2: then more requests share one connection. */
  private volatile boolean http2;

  private boolean robotsLoaded;

  private HttpSession(
      OkHttpClient client, Repository repository, SyncOptions options, SessionContext context) {
    Duration t = options.timeout();
    this.client = client.newBuilder().connectTimeout(t).readTimeout(t).writeTimeout(t).build();
    this.repository = repository;
    this.options = options;
    this.context = context;
    this.base = startDirectory(repository);
    this.prefix = prefix(base, options);
    this.pacer = new RequestPacer(options.option(HttpOptions.REQUEST_RATE));
    this.userAgent = options.option(HttpOptions.USER_AGENT);
    this.zone = java.time.ZoneId.of(options.option(HttpOptions.LISTING_TIME_ZONE));
    Credentials c = repository.credentials();
    this.authorization =
        c == null
            ? null
            : okhttp3.Credentials.basic(c.user(), c.password(), StandardCharsets.UTF_8);
  }

  /** Opens a session; nothing is requested until {@link #list} or {@link #fetch}. */
  public static HttpSession open(
      OkHttpClient client, Repository repository, SyncOptions options, SessionContext context) {
    if (options.option(HttpOptions.CUT_DIRS) < -1) {
      throw new IllegalArgumentException(
          HttpOptions.CUT_DIRS + " (" + options.option(HttpOptions.CUT_DIRS) + ") must be >= -1");
    }
    double rate = options.option(HttpOptions.REQUEST_RATE);
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(
          HttpOptions.REQUEST_RATE + " (" + rate + ") must be a finite number >= 0");
    }
    if (options.option(HttpOptions.HTTP2_STREAMS) < 1) {
      throw new IllegalArgumentException(
          HttpOptions.HTTP2_STREAMS
              + " ("
              + options.option(HttpOptions.HTTP2_STREAMS)
              + ") must be >= 1");
    }
    for (var limit : List.of(HttpOptions.MAX_PAGE_BYTES, HttpOptions.MAX_LINKS_PER_PAGE)) {
      if (options.option(limit) < 1) {
        throw new IllegalArgumentException(limit + " (" + options.option(limit) + ") must be >= 1");
      }
    }
    if (options.option(HttpOptions.MAX_DEPTH) < 1) {
      throw new IllegalArgumentException(
          HttpOptions.MAX_DEPTH + " (" + options.option(HttpOptions.MAX_DEPTH) + ") must be >= 1");
    }
    try {
      java.time.ZoneId.of(options.option(HttpOptions.LISTING_TIME_ZONE));
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          HttpOptions.LISTING_TIME_ZONE
              + " ("
              + options.option(HttpOptions.LISTING_TIME_ZONE)
              + ") is no time zone: "
              + e.getMessage(),
          e);
    }
    return new HttpSession(client, repository, options, context);
  }

  /** The start URL as a directory (with a trailing slash), without query, fragment or user. */
  static HttpUrl startDirectory(Repository repository) {
    HttpUrl url = HttpUrl.parse(repository.uri().toString());
    if (url == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + repository.displayName());
    }
    HttpUrl.Builder b = url.newBuilder().query(null).fragment(null).username("").password("");
    if (!url.encodedPath().endsWith("/")) {
      b.addPathSegment("");
    }
    return b.build();
  }

  /** The components put before every relative path: the wget layout (host dirs, cut dirs). */
  static List<String> prefix(HttpUrl base, SyncOptions options) {
    boolean hostDirs = options.option(HttpOptions.HOST_DIRECTORIES);
    int cut = options.option(HttpOptions.CUT_DIRS);
    List<String> out = new ArrayList<>();
    if (hostDirs) {
      boolean defaultPort = base.port() == HttpUrl.defaultPort(base.scheme());
      out.add(defaultPort ? base.host() : base.host() + ":" + base.port());
    }
    if (cut >= 0) {
      List<String> dirs = new ArrayList<>(base.pathSegments());
      dirs.remove(dirs.size() - 1); // the empty segment after the last '/'
      out.addAll(dirs.subList(Math.min(cut, dirs.size()), dirs.size()));
    }
    for (String c : out) {
      if (!MirrorPath.isValid(c) || c.contains("/")) {
        throw new IllegalArgumentException("the start URL's directory '" + c + "' is no safe name");
      }
    }
    return List.copyOf(out);
  }

  // ---- listing

  @Override
  public Listing list(ListRequest request) throws IOException {
    loadRobots();
    Crawl crawl = new Crawl(request);
    return crawl.run();
  }

  private void loadRobots() throws IOException {
    if (robotsLoaded || !options.option(HttpOptions.ROBOTS)) {
      return;
    }
    robotsLoaded = true;
    HttpUrl url = base.newBuilder().encodedPath("/robots.txt").build();
    try (Response r = call(get(url, "GET"))) {
      if (r.code() == 200 && r.body() != null) {
        robots = Robots.parse(readText(r.body(), url), userAgent);
      }
    }
  }

  /** Skipped links: one warning per kind, with a count and an example. */
  private final Map<String, AtomicInteger> skipped = new ConcurrentHashMap<>();

  private final Map<String, String> skippedExample = new ConcurrentHashMap<>();

  private void skip(String why, String link) {
    skipped.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
    skippedExample.putIfAbsent(why, link);
  }

  private final class Crawl {
    private final FilterRules filters;
    private final java.util.function.Predicate<MirrorPath> validated;
    private final Map<MirrorPath, RemoteEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, Boolean> visited = new ConcurrentHashMap<>();
    private final java.util.Set<MirrorPath> unlisted = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool;
    private final Phaser phaser = new Phaser(1);
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final AtomicLong precision = new AtomicLong(1);
    private final boolean head = options.option(HttpOptions.HEAD_FOR_METADATA);
    private final int maxDepth = options.option(HttpOptions.MAX_DEPTH);

    Crawl(ListRequest request) {
      this.filters = request.filters();
      this.validated = request.validated();
      this.pool = Executors.newFixedThreadPool(Math.max(1, options.parallelism()), daemon("list"));
    }

    Listing run() throws IOException {
      skipped.clear();
      skippedExample.clear();
      try {
        MirrorPath parent = null;
        for (String c : prefix) {
          parent = parent == null ? MirrorPath.of(c) : parent.resolve(c);
          entries.put(parent, RemoteEntry.directory(parent, null));
        }
        visited.put(base.toString(), true);
        submit(() -> visit(base, null, 0, List.of()));
        phaser.arriveAndAwaitAdvance();
        IOException f = failure.get();
        if (f != null) {
          throw f;
        }
        if (head) {
          fillMetadata();
        }
        f = failure.get();
        if (f != null) {
          throw f;
        }
      } finally {
        pool.shutdownNow();
      }
      skipped.forEach(
          (why, n) ->
              context.warn(
                  "skipped "
                      + n
                      + " link(s) "
                      + why
                      + " while listing "
                      + repository.displayName()
                      + " (e.g. "
                      + skippedExample.get(why)
                      + ")"));
      return new Listing(
          new ArrayList<>(entries.values()), Duration.ofNanos(precision.get()), null, unlisted);
    }

    private void submit(IoTask task) {
      if (failure.get() != null) {
        return;
      }
      phaser.register();
      pool.execute(
          () -> {
            try {
              if (failure.get() == null) {
                task.run();
              }
            } catch (IOException e) {
              failure.compareAndSet(null, e);
            } catch (RuntimeException e) {
              failure.compareAndSet(null, new IOException(e.toString(), e));
            } finally {
              phaser.arriveAndDeregister();
            }
          });
    }

    private void visit(
        HttpUrl dir, @Nullable MirrorPath rel, int depth, List<List<IndexPage.Link>> ancestors)
        throws IOException {
      Page page = page(dir);
      HttpUrl here = page.url;
      IndexPage index = page.index;
      List<IndexPage.Link> own = childLinks(index);
      // a symlink loop (dir/loop -> ..) lists what an ancestor listed: names, sizes and times
      if (rel != null && !own.isEmpty() && ancestors.contains(own)) {
        entries.remove(mirrorPath(rel));
        skip("to directories that repeat an ancestor (a loop)", here.toString());
        return;
      }
      List<List<IndexPage.Link>> lineage = new ArrayList<>(ancestors);
      lineage.add(own);
      boolean timed = false;
      for (IndexPage.Link link : index.links()) {
        LinkClassifier.Decision d = LinkClassifier.classify(base, here, link, index.format());
        if (d.kind() == LinkClassifier.Kind.SKIP) {
          skip(d.reason(), d.url() == null ? link.href() : d.url().toString());
          continue;
        }
        if (d.kind() == LinkClassifier.Kind.NAVIGATION) {
          continue;
        }
        HttpUrl to = d.url();
        String path = to.encodedPath();
        String name = d.name();
        boolean directory = d.directory();
        if (rel == null && prefix.isEmpty() && name.equals(".mirrorkit")) {
          skip("to mirrorkit's reserved name", to.toString());
          continue;
        }
        MirrorPath relPath;
        MirrorPath mirrorPath;
        try {
          relPath = rel == null ? MirrorPath.parse(name) : rel.resolve(name);
          mirrorPath = mirrorPath(relPath);
        } catch (io.mirrorkit.UnsafePathException e) {
          skip("with unsafe names", to.toString());
          continue;
        }
        if (!filters.includesWithAncestors(mirrorPath.toString(), directory)) {
          continue;
        }
        if (!robots.allows(path)) {
          skip("disallowed by robots.txt", to.toString());
          unlisted.add(mirrorPath); // not listed, so not deleted either
          continue;
        }
        if (directory) {
          HttpUrl dirUrl = path.endsWith("/") ? to : to.newBuilder().addPathSegment("").build();
          RemoteEntry e = RemoteEntry.directory(mirrorPath, link.mtime());
          if (entries.putIfAbsent(mirrorPath, e) != null) {
            continue;
          }
          timed |= link.mtime() != null;
          if (depth + 1 >= maxDepth) {
            skip("deeper than " + maxDepth + " directories (a loop?)", dirUrl.toString());
            continue;
          }
          if (visited.putIfAbsent(dirUrl.toString(), true) == null) {
            MirrorPath r = relPath;
            submit(() -> visit(dirUrl, r, depth + 1, lineage));
          }
        } else {
          long size = link.size() >= 0 ? link.size() : RemoteEntry.UNKNOWN;
          RemoteEntry e = RemoteEntry.file(mirrorPath, size, link.mtime());
          if (entries.putIfAbsent(mirrorPath, e) == null) {
            urls.put(mirrorPath, to);
            timed |= link.mtime() != null;
          }
        }
      }
      if (timed) {
        precision.accumulateAndGet(index.mtimePrecision().toNanos(), Math::max);
      }
    }

    /**
     * HEADs the files whose size or time the listing did not give, except those core holds a
     * validator for: they are fetched conditionally instead (one request either way, and a changed
     * file comes at once).
     */
    private void fillMetadata() {
      List<RemoteEntry> missing = new ArrayList<>();
      for (RemoteEntry e : entries.values()) {
        if (e.isFile()
            && (e.size() == RemoteEntry.UNKNOWN || e.mtime() == null)
            && !validated.test(e.path())) {
          missing.add(e);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      precision.accumulateAndGet(Duration.ofSeconds(1).toNanos(), Math::max);
      for (RemoteEntry e : missing) {
        submit(
            () -> {
              HttpUrl url = urlFor(e.path());
              Response response;
              try {
                response = follow(url, "HEAD");
              } catch (InterruptedIOException ex) {
                throw ex;
              } catch (IOException ex) {
                // metadata is a hint: the file is listed and fetched all the same
                log.debug("HEAD {} failed: {}", url, ex.toString());
                return;
              }
              try (Response r = response) {
                if (!r.isSuccessful()) {
                  return; // left as the listing said; a 404 is reported when fetched
                }
                RemoteEntry filled = e;
                String length = r.header("Content-Length");
                if (e.size() == RemoteEntry.UNKNOWN && length != null) {
                  try {
                    filled = filled.withSize(Long.parseLong(length.trim()));
                  } catch (NumberFormatException ignored) {
                    // left unknown
                  }
                }
                Instant lm = httpDate(r.header("Last-Modified"));
                if (e.mtime() == null && lm != null) {
                  filled = filled.withMtime(lm);
                }
                entries.put(e.path(), filled);
              }
            });
      }
      phaser.arriveAndAwaitAdvance();
    }
  }

  /** The links of a page that name entries (no navigation), for loop detection. */
  private static List<IndexPage.Link> childLinks(IndexPage index) {
    List<IndexPage.Link> out = new ArrayList<>();
    for (IndexPage.Link l : index.links()) {
      String h = l.href();
      if (!h.startsWith("?") && !h.startsWith("/") && !h.startsWith("../") && !h.equals("./")) {
        out.add(l);
      }
    }
    return out;
  }

  private interface IoTask {
    void run() throws IOException;
  }

  private record Page(HttpUrl url, IndexPage index) {}

  /** GETs one index page; every failure fails the listing (deletes never run on a partial one). */
  private Page page(HttpUrl dir) throws IOException {
    try (Response r = follow(dir, "GET")) {
      if (r.code() == 401) {
        throw new AuthenticationException(
            "the server refused the credentials for " + redacted(dir) + " (HTTP 401)");
      }
      if (!r.isSuccessful()) {
        throw new IOException(
            "listing "
                + redacted(dir)
                + " failed: HTTP "
                + r.code()
                + " "
                + r.message()
                + "; check that the URL names a directory with an index page");
      }
      ResponseBody body = r.body();
      String text = body == null ? "" : readText(body, r.request().url());
      MediaType type = body == null ? null : body.contentType();
      HttpUrl url = r.request().url();
      if (!url.encodedPath().endsWith("/")) {
        url = url.newBuilder().addPathSegment("").build();
      }
      try {
        String ct = type == null ? null : type.toString();
        int maxLinks = options.option(HttpOptions.MAX_LINKS_PER_PAGE);
        IndexPage index = IndexParser.parse(text, ct, zone, maxLinks);
        index.problems().forEach(p -> context.warn("listing " + redacted(dir) + ": " + p));
        return new Page(url, index);
      } catch (ProtocolException e) {
        throw new ProtocolException(redacted(dir) + ": " + e.getMessage(), e);
      }
    }
  }

  private String readText(ResponseBody body, HttpUrl url) throws IOException {
    int max = options.option(HttpOptions.MAX_PAGE_BYTES);
    return PageBody.read(body, url, max, context.counters());
  }

  private boolean sameOrigin(HttpUrl url) {
    return url.scheme().equals(base.scheme())
        && url.host().equals(base.host())
        && url.port() == base.port();
  }

  private boolean confined(HttpUrl url) {
    return sameOrigin(url) && url.encodedPath().startsWith(base.encodedPath());
  }

  private MirrorPath mirrorPath(MirrorPath rel) throws io.mirrorkit.UnsafePathException {
    if (prefix.isEmpty()) {
      return rel;
    }
    return MirrorPath.parse(String.join("/", prefix) + "/" + rel);
  }

  /** The URL of a mirror path: the one the crawl found, or one built from the path. */
  HttpUrl urlFor(MirrorPath path) throws IOException {
    HttpUrl known = urls.get(path);
    if (known != null) {
      return known;
    }
    List<String> c = path.components();
    for (int i = 0; i < prefix.size(); i++) {
      if (c.size() <= i || !c.get(i).equals(prefix.get(i))) {
        throw new IOException(path + " is outside " + String.join("/", prefix));
      }
    }
    HttpUrl.Builder b = base.newBuilder();
    b.removePathSegment(base.pathSegments().size() - 1); // the trailing ""
    for (String s : c.subList(prefix.size(), c.size())) {
      b.addPathSegment(s);
    }
    return b.build();
  }

  private Request get(HttpUrl url, String method) {
    return get(url, method, Map.of());
  }

  private Request get(HttpUrl url, String method, Map<String, String> headers) {
    Request.Builder b = new Request.Builder().url(url).header("User-Agent", userAgent);
    headers.forEach(b::header);
    if (method.equals("HEAD")) {
      b.head();
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b.build();
  }

  private Response call(Request request) throws IOException {
    pacer.acquire();
    context.counters().addSent(request.url().encodedPath().length() + 80L);
    try {
      Response response = client.newCall(request).execute();
      if (response.protocol() == okhttp3.Protocol.HTTP_2) {
        http2 = true;
      }
      return response;
    } catch (SSLException e) {
      throw tlsFailure(request.url(), e);
    }
  }

  /**
   * A TLS failure with a message that names the host and says what to do; the same type, so that
   * callers can still tell a certificate problem from others.
   */
  private static SSLException tlsFailure(HttpUrl url, SSLException e) {
    String server = url.host() + ":" + url.port();
    SSLException out;
    if (e instanceof SSLPeerUnverifiedException) {
      // OkHttp's message lists the names the certificate does give
      out =
          new SSLPeerUnverifiedException(
              "the TLS certificate of "
                  + server
                  + " is not valid for the host name "
                  + url.host()
                  + " (host-name verification is always on): "
                  + e.getMessage());
    } else if (causedBy(e, CertificateException.class)) {
      out =
          new SSLHandshakeException(
              "the TLS certificate of "
                  + server
                  + " is not trusted: "
                  + e.getMessage()
                  + "; if it is self-signed or from a private certificate authority, give that"
                  + " certificate in a PKCS12 trust store with HttpOptions.TLS_TRUST_STORE ("
                  + HttpOptions.TLS_TRUST_STORE
                  + ")");
    } else if (e instanceof SSLHandshakeException) {
      out =
          new SSLHandshakeException(
              "the TLS handshake with " + server + " failed: " + e.getMessage());
    } else {
      out = new SSLException("TLS with " + server + " failed: " + e.getMessage());
    }
    out.initCause(e);
    return out;
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Executes a request, following redirects that stay inside the confinement. */
  private Response follow(HttpUrl url, String method) throws IOException {
    return follow(url, method, Map.of());
  }

  private Response follow(HttpUrl url, String method, Map<String, String> headers)
      throws IOException {
    HttpUrl current = url;
    for (int hop = 0; ; hop++) {
      Response r = call(get(current, method, headers));
      if (!r.isRedirect()) {
        return r;
      }
      String location = r.header("Location");
      r.close();
      HttpUrl next = location == null ? null : current.resolve(location);
      if (next == null || !confined(next)) {
        skip("redirected outside the start directory", current + " -> " + location);
        throw new IOException(
            redacted(current)
                + " redirects to "
                + location
                + ", outside "
                + repository.displayName()
                + "; mirror that URL instead");
      }
      if (hop >= MAX_REDIRECTS) {
        throw new ProtocolException(
            "more than " + MAX_REDIRECTS + " redirects from " + redacted(url));
      }
      current = next;
    }
  }

  static String redacted(HttpUrl url) {
    return url.newBuilder().username("").password("").build().toString();
  }

  static @Nullable Instant httpDate(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  // ---- fetching

  @Override
  public void fetch(List<FetchRequest> requests, FetchSink sink) throws IOException {
    if (requests.isEmpty()) {
      return;
    }
    ConcurrentLinkedQueue<FetchRequest> queue = new ConcurrentLinkedQueue<>(requests);
    AtomicReference<IOException> broken = new AtomicReference<>();
    int concurrency =
        http2
            ? Math.max(options.parallelism(), options.option(HttpOptions.HTTP2_STREAMS))
            : options.parallelism();
    int workers = Math.max(1, Math.min(concurrency, requests.size()));
    log.debug("fetching {} file(s) with {} requests at once", requests.size(), workers);
    ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("fetch"));
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      futures.add(
          pool.submit(
              () -> {
                FetchRequest r;
                while (broken.get() == null && (r = queue.poll()) != null) {
                  try {
                    fetchOne(r, sink);
                  } catch (ConnectException
                      | UnknownHostException
                      | AuthenticationException
                      | SSLHandshakeException
                      | SSLPeerUnverifiedException e) {
                    // no other file would fare better: a certificate problem is not per file
                    broken.compareAndSet(null, e);
                  } catch (InterruptedIOException e) {
                    broken.compareAndSet(null, e);
                  } catch (IOException e) {
                    log.debug("{} did not arrive: {}", r.path(), e.toString());
                  }
                }
                return null;
              }));
    }
    pool.shutdown();
    try {
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    IOException b = broken.get();
    if (b != null) {
      if (b instanceof AuthenticationException
          || b instanceof InterruptedIOException
          || b instanceof SSLException) {
        throw b; // its message names the host and the cause
      }
      throw new IOException(
          "the connection to " + repository.displayName() + " broke: " + b.getMessage(), b);
    }
  }

  private void fetchOne(FetchRequest request, FetchSink sink) throws IOException {
    HttpUrl url = urlFor(request.path());
    int attempts = options.option(HttpOptions.RETRY_AFTER_ATTEMPTS);
    try (FetchTarget target = sink.open(request)) {
      // a retry by core continues from the bytes its failed attempt kept, if the file is the same
      long offset = target.resume();
      String validator = offset > 0 ? validator(request) : null;
      if (offset > 0 && validator == null) {
        target.restart();
        offset = 0;
      }
      for (int attempt = 0; ; attempt++) {
        Map<String, String> headers;
        if (offset > 0) {
          headers = Map.of("Range", "bytes=" + offset + "-", "If-Range", validator);
        } else if (request.validator() != null) {
          headers = conditional(request.validator());
        } else {
          headers = Map.of();
        }
        try (Response r = follow(url, "GET", headers)) {
          int code = r.code();
          if (code == 304 && offset == 0 && request.validator() != null) {
            target.unchanged();
            return;
          }
          if (code == 404 || code == 410) {
            sink.vanished(request, "HTTP " + code + " from " + redacted(url));
            return;
          }
          if (code == 401) {
            throw new AuthenticationException(
                "the server refused the credentials for " + redacted(url) + " (HTTP 401)");
          }
          if ((code == 429 || code == 503) && attempt < attempts) {
            waitRetryAfter(r, attempt, url);
            continue;
          }
          if (code == 416 && offset > 0) {
            target.restart(); // the kept bytes no longer fit: fetch the whole file
            offset = 0;
            continue;
          }
          if (code == 206 && offset > 0 && startsAt(r, offset)) {
            receive(request, r, target, offset);
            return;
          }
          if (code != 200) {
            throw new IOException("HTTP " + code + " " + r.message() + " for " + redacted(url));
          }
          if (offset > 0) {
            target.restart(); // the file changed (If-Range failed) or ranges are not served
            offset = 0;
          }
          receive(request, r, target, 0);
          return;
        }
      }
    }
  }

  /**
   * The condition for a validator {@link #remember} gave: {@code If-None-Match} for an entity tag,
   * {@code If-Modified-Since} for a date.
   */
  static Map<String, String> conditional(String validator) {
    boolean etag = validator.startsWith("\"") || validator.startsWith("W/\"");
    return Map.of(etag ? "If-None-Match" : "If-Modified-Since", validator);
  }

  /** Whether a 206 answer's Content-Range starts where the kept bytes end. */
  private static boolean startsAt(Response r, long offset) {
    String range = r.header("Content-Range");
    return range != null && range.trim().startsWith("bytes " + offset + "-");
  }

  /**
   * The validator for {@code If-Range}: the strong ETag an earlier answer in this session gave,
   * else the listing's modification time as an HTTP date; null when there is neither.
   */
  private @Nullable String validator(FetchRequest request) {
    String seen = validators.get(request.path());
    if (seen != null) {
      return seen;
    }
    Instant mtime = request.entry() == null ? null : request.entry().mtime();
    return mtime == null
        ? null
        : DateTimeFormatter.RFC_1123_DATE_TIME.format(mtime.atZone(java.time.ZoneOffset.UTC));
  }

  /**
   * Keeps the answer's validators: a strong one for {@code If-Range} in this session, and any one
   * for the mirror state (the next sync's conditional request; a weak ETag serves there).
   */
  private void remember(FetchRequest request, Response r, FetchTarget target) {
    String etag = r.header("ETag");
    String lastModified = r.header("Last-Modified");
    if (etag != null && !etag.startsWith("W/")) {
      validators.put(request.path(), etag);
    } else if (lastModified != null) {
      validators.put(request.path(), lastModified);
    }
    if (etag != null && (etag.startsWith("\"") || etag.startsWith("W/\""))) {
      target.validator(etag);
    } else if (lastModified != null && httpDate(lastModified) != null) {
      target.validator(lastModified);
    }
  }

  private void waitRetryAfter(Response r, int attempt, HttpUrl url) throws IOException {
    long maxMillis = options.option(HttpOptions.MAX_RETRY_AFTER_SECONDS) * 1000L;
    long millis = Math.min(maxMillis, 1000L << Math.min(attempt, 6));
    String after = r.header("Retry-After");
    if (after != null) {
      try {
        millis = Long.parseLong(after.trim()) * 1000L;
      } catch (NumberFormatException e) {
        Instant at = httpDate(after);
        if (at != null) {
          millis = Duration.between(Instant.now(), at).toMillis();
        }
      }
    }
    millis = Math.max(0, Math.min(maxMillis, millis));
    log.debug("HTTP {} for {}: waiting {} ms as Retry-After says", r.code(), url, millis);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for Retry-After");
    }
  }

  private void receive(FetchRequest request, Response r, FetchTarget target, long offset)
      throws IOException {
    ResponseBody body = r.body();
    if (body == null) {
      throw new IOException("no body for " + request.path());
    }
    remember(request, r, target);
    if (request.entry() == null || request.entry().mtime() == null) {
      Instant lm = httpDate(r.header("Last-Modified"));
      if (lm != null) {
        target.modificationTime(lm);
      }
    }
    OutputStream out = target.output();
    byte[] buffer = BUFFER.get();
    long total = 0;
    try (InputStream in = body.byteStream()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        total += n;
        context.counters().addReceived(n);
      }
    }
    long declared = body.contentLength();
    if (declared >= 0 && declared != total) {
      throw new IOException(
          request.path()
              + ": "
              + (offset + total)
              + " of "
              + (offset + declared)
              + " bytes arrived; the body was cut");
    }
    target.complete();
  }

  /** One receive buffer per fetching thread, not one per file. */
  private static final ThreadLocal<byte[]> BUFFER =
      ThreadLocal.withInitial(() -> new byte[1 << 16]);

  private static java.util.concurrent.ThreadFactory daemon(String what) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "mirrorkit-http-" + what + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    // connections stay in the transport's pool for the next session
  }

  /** For tests: the skipped-link counts of the last listing. */
  Map<String, Integer> skippedCounts() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    skipped.forEach((k, v) -> out.put(k, v.get()));
    return Collections.unmodifiableMap(out);
  }
}
