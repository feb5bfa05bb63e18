package io.mirrorkit.transport.http.internal;

import io.mirrorkit.AddressFamily;
import io.mirrorkit.AuthenticationException;
import io.mirrorkit.ListingLimits;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.spi.FetchRequest;
import io.mirrorkit.spi.FetchSink;
import io.mirrorkit.spi.ListRequest;
import io.mirrorkit.spi.Listing;
import io.mirrorkit.spi.ParallelFetch;
import io.mirrorkit.spi.Session;
import io.mirrorkit.spi.SessionContext;
import io.mirrorkit.transport.http.HttpOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * One sync over HTTP(S): the {@link Crawler} lists the index pages below the start directory, then
 * the {@link FileFetcher} fetches files on parallel keep-alive connections. Confinement: every
 * request stays on the start URL's scheme, host and port and below its directory; a link or
 * redirect that leaves it is skipped and counted.
 */
public final class HttpSession implements Session {
  private final Repository repository;
  private final SyncOptions options;
  private final SessionContext context;
  private final HttpLayout layout;
  private final HttpCalls calls;
  private final IndexPages pages;
  private final FileFetcher fetcher;
  private final SkippedLinks skipped = new SkippedLinks();
  private Robots robots = Robots.ALLOW_ALL;
  private boolean robotsLoaded;

  private HttpSession(
      OkHttpClient client, Repository repository, SyncOptions options, SessionContext context) {
    Duration t = options.timeout();
    OkHttpClient configured =
        client
            .newBuilder()
            .connectTimeout(options.connectTimeout())
            .readTimeout(t)
            .writeTimeout(t)
            .dns(FamilyDns.of(options.addressFamily()))
            .build();
    this.repository = repository;
    this.options = options;
    this.context = context;
    this.layout = new HttpLayout(repository, options);
    this.calls =
        new HttpCalls(
            configured,
            layout,
            repository.displayName(),
            new RequestPacer(options.option(HttpOptions.REQUEST_RATE)),
            options.option(HttpOptions.USER_AGENT),
            repository.credentials(),
            context,
            skipped);
    this.pages =
        new IndexPages(
            calls,
            ZoneId.of(options.option(HttpOptions.LISTING_TIME_ZONE)),
            options.timeout(),
            options.option(HttpOptions.MAX_PAGE_BYTES),
            options.option(HttpOptions.MAX_LINKS_PER_PAGE));
    VanishCheck vanish =
        new VanishCheck(pages, layout.base(), options.listingLimits().directoryTimeout());
    this.fetcher = new FileFetcher(layout, calls, vanish, options, context);
  }

  /** Opens a session; nothing is requested until {@link #list} or {@link #fetch}. */
  public static HttpSession open(
      OkHttpClient client, Repository repository, SyncOptions options, SessionContext context) {
    return new HttpSession(client, repository, options, context);
  }

  // ---- listing

  @Override
  public Listing list(ListRequest request) throws IOException {
    checkAddressFamily();
    loadRobots();
    skipped.clear();
    Crawler.Setup setup =
        new Crawler.Setup(
            layout,
            pages,
            calls,
            robots,
            skipped,
            limits(),
            context.executor(),
            options.parallelism(),
            options.option(HttpOptions.HEAD_FOR_METADATA));
    Listing listing = new Crawler(setup, request).run();
    skipped.warn(context, repository.displayName());
    return listing;
  }

  /** The sync's listing limits, with the older {@link HttpOptions#MAX_DEPTH} if it is lower. */
  private ListingLimits limits() {
    ListingLimits limits = options.listingLimits();
    int depth = options.option(HttpOptions.MAX_DEPTH);
    return depth < limits.maxDepth() ? limits.withMaxDepth(depth) : limits;
  }

  private void loadRobots() throws IOException {
    if (robotsLoaded || !options.option(HttpOptions.ROBOTS)) {
      return;
    }
    robotsLoaded = true;
    HttpUrl url = layout.base().newBuilder().encodedPath("/robots.txt").build();
    try (Response r = calls.follow(url, "GET")) {
      if (r.code() == 200 && r.body() != null) {
        robots =
            Robots.parse(
                calls.readText(r.body(), url, options.option(HttpOptions.MAX_PAGE_BYTES)),
                calls.userAgent());
      }
    }
  }

  /**
   * An IP address in the URL is not resolved, so the address family is checked here: a URL with an
   * IPv4 address cannot be reached over IPv6 only.
   */
  private void checkAddressFamily() throws UnknownHostException {
    String host = layout.base().host();
    AddressFamily family = options.addressFamily();
    if (family == AddressFamily.ANY || !isIpAddress(host)) {
      return;
    }
    InetAddress address = InetAddress.getByName(host); // a literal: no lookup
    if (!FamilyDns.matches(family, address)) {
      throw FamilyDns.noAddress(host, family, List.of(address));
    }
  }

  /** Whether a URL's host is an IP address (HttpUrl gives IPv6 addresses without brackets). */
  static boolean isIpAddress(String host) {
    return host.contains(":") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  // ---- fetching

  @Override
  public void fetch(List<FetchRequest> requests, FetchSink sink) throws IOException {
    if (requests.isEmpty()) {
      return;
    }
    checkAddressFamily();
    int concurrency =
        calls.http2()
            ? Math.max(options.parallelism(), options.option(HttpOptions.HTTP2_STREAMS))
            : options.parallelism();
    try {
      ParallelFetch.run(
          requests,
          sink,
          concurrency,
          context.executor(),
          repository.displayName(),
          () -> (r, s, more) -> fetchOne(r, s),
          e -> e instanceof IOException io && breaksTheSession(io));
    } catch (IOException e) {
      if (breaksTheSession(e)
          && !(e instanceof AuthenticationException
              || e instanceof java.io.InterruptedIOException
              || e instanceof javax.net.ssl.SSLException)) {
        throw new IOException(
            "the connection to " + repository.displayName() + " broke: " + e.getMessage(), e);
      }
      throw e; // its message names the host and the cause
    }
  }

  /**
   * Fetches one file; a file that fails alone throws (core retries it), except the upstream marker
   * (a request without a listing entry), which core reads on its own terms: it is then not there.
   */
  private void fetchOne(FetchRequest r, FetchSink sink) throws IOException {
    try {
      fetcher.fetch(r, sink);
    } catch (IOException e) {
      if (r.entry() != null || breaksTheSession(e)) {
        throw e;
      }
    }
  }

  /** Whether a failure would be the same for every other file: the session stops. */
  private static boolean breaksTheSession(IOException e) {
    return e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof AuthenticationException
        || e instanceof SSLHandshakeException
        || e instanceof SSLPeerUnverifiedException
        || FileFetcher.interrupted(e);
  }

  @Override
  public void close() {
    // connections stay in the transport's pool for the next session
  }

  /** For tests: the skipped-link counts of the last listing. */
  Map<String, Integer> skippedCounts() {
    return skipped.counts();
  }
}
