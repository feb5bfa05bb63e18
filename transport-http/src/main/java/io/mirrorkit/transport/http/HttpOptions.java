package io.mirrorkit.transport.http;

import io.mirrorkit.TransportOption;

/**
 * Settings of the HTTP transport, the {@code wget --mirror} knobs, set with {@link
 * io.mirrorkit.SyncOptions.Builder#option(TransportOption, Object)}:
 *
 * <pre>{@code
 * SyncOptions.builder()
 *     .filters(FilterRules.builder().reject("*.iso").build()) // wget --reject / --accept / regex
 *     .bandwidthLimit(45 * 1024)                            // wget --limit-rate, all connections
 *     .option(HttpOptions.ROBOTS, false)                    // wget -e robots=off
 *     .build();
 * }</pre>
 *
 * <p>Some wget knobs are core options rather than these: accept/reject by suffix and by regex are
 * {@link io.mirrorkit.FilterRules} ({@code accept}, {@code reject}, {@code acceptRegex}, {@code
 * rejectRegex}), applied while crawling and again by core; {@code --limit-rate} is {@link
 * io.mirrorkit.SyncOptions#bandwidthLimit()}, which core applies to everything written into the
 * mirror, shared by all connections; {@code -np} (stay below the start directory) and staying on
 * the start host are always on.
 *
 * <p><b>Where files land.</b> With wget the mirror root is the current directory and a file's place
 * is {@code host/full/url/path}, shortened by {@code -nH} and {@code --cut-dirs}. With mirrorkit
 * the target directory <em>is</em> the mirror of the start URL: by default a file's place is its
 * path relative to the start directory, which is what {@code wget -np -nH --cut-dirs=N} gives when
 * N is the start directory's depth (the usual cron line). {@link #HOST_DIRECTORIES} and {@link
 * #CUT_DIRS} restore wget's layout: when either is set, a file's place is {@code [host[:port]/]} +
 * the start directory's components minus the first {@code CUT_DIRS} + its relative path, exactly as
 * wget would name it.
 *
 * <p>Values are plain constants; the class is thread-safe.
 */
public final class HttpOptions {
  private HttpOptions() {}

  /**
   * Puts files under a directory named after the host ({@code host} or {@code host:port}), as wget
   * does without {@code -nH}. Off by default ({@code -nH}).
   */
  public static final TransportOption<Boolean> HOST_DIRECTORIES =
      TransportOption.of("http.hostDirectories", Boolean.class, false);

  /**
   * wget's {@code --cut-dirs=N}: drops the first N components of the start URL's directory from
   * each file's place. The default, -1, drops them all (files land relative to the start
   * directory); 0 keeps the whole URL path. Cutting more components than the start directory has is
   * the same as -1.
   */
  public static final TransportOption<Integer> CUT_DIRS =
      TransportOption.of("http.cutDirs", Integer.class, -1)
          .requiring(n -> n >= -1, "must be >= -1");

  /**
   * Honours the host's {@code /robots.txt} ({@code Disallow}/{@code Allow} for {@code User-agent:
   * *} or {@code mirrorkit}); on by default, off is wget's {@code -e robots=off}. Paths it
   * disallows are not listed (and so are deleted from the mirror under a delete policy).
   */
  public static final TransportOption<Boolean> ROBOTS =
      TransportOption.of("http.robots", Boolean.class, true);

  /**
   * The most requests per second, over all connections, listing pages and files together (wget's
   * {@code --wait} as a rate); 0, the default, means no limit.
   */
  public static final TransportOption<Double> REQUEST_RATE =
      TransportOption.of("http.requestRate", Double.class, 0.0)
          .requiring(r -> r >= 0 && !r.isInfinite(), "must be a finite number >= 0");

  /**
   * Whether to ask the server ({@code HEAD}) for the size and {@code Last-Modified} of files whose
   * listing does not give both exactly: lighttpd and Apache round sizes ({@code 1.2K}), plain pages
   * of links give nothing. On by default, so that a file rewritten with a new size within the
   * listing's time precision is still noticed; this costs one small request per such file on every
   * run (on keep-alive connections, in parallel). nginx's indexes give exact sizes and times, so no
   * per-file requests are made there. Files whose local copy has an upstream validator (an ETag or
   * Last-Modified kept from the previous sync) get no HEAD: they are asked for conditionally
   * instead ({@code If-None-Match}; a {@code 304} costs no transfer). Off: files without a
   * validator are compared by the listing alone (lighttpd and Apache by time, plain pages by
   * nothing: fetched on every run).
   */
  public static final TransportOption<Boolean> HEAD_FOR_METADATA =
      TransportOption.of("http.headForMetadata", Boolean.class, true);

  /**
   * The time zone of the times in lighttpd's and Apache's index pages, which print the server's
   * local time (an ID such as {@code "UTC"} or {@code "Europe/Berlin"}); UTC by default. nginx's
   * pages are read as UTC ({@code autoindex_localtime off}, nginx's default). A wrong zone shifts
   * the mirror's file times by the offset but does not make files be fetched again.
   */
  public static final TransportOption<String> LISTING_TIME_ZONE =
      TransportOption.of("http.listingTimeZone", String.class, "UTC")
          .requiring(
              z -> java.time.ZoneId.of(z) != null, "is no time zone (e.g. UTC, Europe/Berlin)");

  /**
   * The largest index page read, in bytes (64 MiB by default). The body is counted while it is
   * read, so a page larger than this, or an endless chunked one, fails the listing with a message
   * naming the page and this option after this many bytes; memory stays bounded whatever the
   * upstream sends. Raise it for a genuine index this large (a directory of about a million files);
   * must be at least 1.
   */
  public static final TransportOption<Integer> MAX_PAGE_BYTES =
      TransportOption.of("http.maxPageBytes", Integer.class, 64 << 20)
          .requiring(n -> n >= 1, "must be >= 1");

  /**
   * The most links one index page may have (1,000,000 by default), counting every anchor with an
   * {@code href} of an HTML page (navigation, sort and off-host links too) or every file and
   * directory entry of a JSON index. A page with more fails the listing with a message naming the
   * page and this option (a failed listing deletes nothing); with the page-size cap it bounds the
   * memory one page takes. Must be at least 1.
   */
  public static final TransportOption<Integer> MAX_LINKS_PER_PAGE =
      TransportOption.of("http.maxLinksPerPage", Integer.class, 1_000_000)
          .requiring(n -> n >= 1, "must be >= 1");

  /**
   * The deepest directory the crawler enters below the start directory; the lower of this and
   * {@link io.mirrorkit.ListingLimits#maxDepth()} applies, and a deeper directory fails the listing
   * (nothing is deleted). Prefer {@code SyncOptions.listingLimits}, which every transport honours.
   */
  public static final TransportOption<Integer> MAX_DEPTH =
      TransportOption.of("http.maxDepth", Integer.class, 64).requiring(n -> n >= 1, "must be >= 1");

  /**
   * How many files are requested at once when the server speaks HTTP/2 (over TLS): one connection
   * carries them all as streams, so many requests can be under way without more connections, which
   * hides the round-trip time of a distant server. Over HTTP/1.1 each request needs a connection of
   * its own and {@link io.mirrorkit.SyncOptions#parallelism()} connections are used. The larger of
   * the two applies to HTTP/2; nginx allows 128 streams per connection by default.
   */
  public static final TransportOption<Integer> HTTP2_STREAMS =
      TransportOption.of("http.http2Streams", Integer.class, 16)
          .requiring(n -> n >= 1, "must be >= 1");

  /** The {@code User-Agent} header, also the name looked up in {@code robots.txt}. */
  public static final TransportOption<String> USER_AGENT =
      TransportOption.of("http.userAgent", String.class, "mirrorkit");

  /**
   * How many times one file is asked for again after {@code 429 Too Many Requests} or {@code 503
   * Service Unavailable}, waiting as the response's {@code Retry-After} says (at most {@link
   * #MAX_RETRY_AFTER_SECONDS}); after that the file fails and core's retries take over.
   */
  public static final TransportOption<Integer> RETRY_AFTER_ATTEMPTS =
      TransportOption.of("http.retryAfterAttempts", Integer.class, 5);

  /** The longest {@code Retry-After} honoured, in seconds; longer waits are cut to this. */
  public static final TransportOption<Integer> MAX_RETRY_AFTER_SECONDS =
      TransportOption.of("http.maxRetryAfterSeconds", Integer.class, 120);

  /**
   * The path of a PKCS12 trust store whose certificates are the only ones trusted for {@code
   * https://} (in place of the JVM's default trust, not in addition to it): the certificate of a
   * private certificate authority, or a server's self-signed certificate. The default, {@code ""},
   * uses the JVM's default trust (its {@code cacerts}, or {@code javax.net.ssl.trustStore}).
   *
   * <p>Host-name verification stays on: the server's certificate must still name the host of the
   * URL (for an IP address, as a {@code subjectAltName} of type IP). The store is read when a
   * session opens and read again once the file changes; sessions with the same store share one
   * connection pool. A store that cannot be read, or holds no certificates, fails the session's
   * opening with an {@link java.io.IOException} naming the file. Build one with the JDK's {@code
   * keytool -importcert -storetype PKCS12 -keystore trust.p12 -file cert.pem}, or with {@link
   * java.security.KeyStore#setCertificateEntry}.
   */
  public static final TransportOption<String> TLS_TRUST_STORE =
      TransportOption.of("http.tlsTrustStore", String.class, "");

  /**
   * The password of {@link #TLS_TRUST_STORE}, checking its integrity; {@code ""}, the default, for
   * a store without one. It is never logged nor put in an exception's message.
   */
  public static final TransportOption<String> TLS_TRUST_STORE_PASSWORD =
      TransportOption.secret("http.tlsTrustStorePassword", String.class, "");
}
