package io.mirrorkit.examples.cli;

import io.mirrorkit.transport.http.HttpOptions;
import picocli.CommandLine.Option;

/**
 * The options of the HTTP transport ({@link HttpOptions}), wget's names where wget has one. The
 * wget options that are core's are elsewhere: {@code --accept}, {@code --reject}, {@code
 * --accept-regex} and {@code --reject-regex} in {@link FilterOptions}, {@code --limit-rate} in
 * {@link SyncArguments}.
 */
final class HttpFlags extends TransportFlags {
  @Override
  public String heading() {
    return "HTTP options";
  }

  @Option(
      names = "--cut-dirs",
      order = 1,
      paramLabel = "N",
      description =
          "Lay files out as wget does: under the start URL's directories, less the first N"
              + " (wget --cut-dirs). Without it (and without --host-dirs) files land relative to"
              + " the start directory, as with wget -np -nH --cut-dirs=DEPTH.")
  void cutDirs(int n) {
    set(
        "--cut-dirs",
        HttpOptions.CUT_DIRS,
        () -> {
          if (n < 0) {
            throw new IllegalArgumentException(n + " is negative");
          }
          return n;
        });
  }

  @Option(
      names = "--host-dirs",
      order = 2,
      description =
          "Put files under a directory named after the host (host or host:port), as wget does"
              + " without -nH; with the start URL's directories as for --cut-dirs.")
  void hostDirs(boolean on) {
    set("--host-dirs", HttpOptions.HOST_DIRECTORIES, () -> on);
  }

  @Option(
      names = "--no-robots",
      order = 3,
      description = "Ignore the host's robots.txt (wget -e robots=off).")
  void noRobots(boolean on) {
    set("--no-robots", HttpOptions.ROBOTS, () -> !on);
  }

  @Option(
      names = "--request-rate",
      order = 4,
      paramLabel = "R",
      description =
          "Send at most R requests a second over all connections, index pages and files"
              + " together; a fraction such as 0.5 is one request every two seconds (wget --wait"
              + " as a rate). 0, the default, means no limit.")
  void requestRate(double perSecond) {
    set(
        "--request-rate",
        HttpOptions.REQUEST_RATE,
        () -> {
          if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(perSecond + " is not a finite number >= 0");
          }
          return perSecond;
        });
  }

  @Option(
      names = "--http2-streams",
      order = 8,
      paramLabel = "N",
      description =
          "Over HTTP/2 (https servers that offer it), request up to N files at once on one"
              + " connection (default 16; --parallel still counts HTTP/1.1 connections).")
  void http2Streams(int streams) {
    set(
        "--http2-streams",
        HttpOptions.HTTP2_STREAMS,
        () -> {
          if (streams < 1) {
            throw new IllegalArgumentException(streams + " is not >= 1");
          }
          return streams;
        });
  }

  @Option(
      names = "--user-agent",
      order = 5,
      paramLabel = "S",
      description =
          "Send S as the User-Agent header, also the name looked up in robots.txt (default"
              + " mirrorkit).")
  void userAgent(String agent) {
    set("--user-agent", HttpOptions.USER_AGENT, () -> headerValue(agent));
  }

  @Option(
      names = "--listing-time-zone",
      order = 6,
      paramLabel = "ZONE",
      description =
          "Read the local times of Apache and lighttpd index pages in ZONE, such as"
              + " Europe/Berlin (default UTC; nginx pages are UTC).")
  void listingTimeZone(String zone) {
    set("--listing-time-zone", HttpOptions.LISTING_TIME_ZONE, () -> zone(zone).getId());
  }

  @Option(
      names = "--no-head",
      order = 7,
      description =
          "Do not ask the server (HEAD) for the exact size and time of files whose index page"
              + " rounds them (Apache, lighttpd): fewer requests, but a change of size within the"
              + " listing's time precision goes unnoticed.")
  void noHead(boolean on) {
    set("--no-head", HttpOptions.HEAD_FOR_METADATA, () -> !on);
  }

  /** {@code value} if an HTTP header may carry it: not empty, printable ASCII. */
  private static String headerValue(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("the User-Agent must not be empty");
    }
    for (char c : value.toCharArray()) {
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException(
            String.format("U+%04X is not allowed in a header: use printable ASCII", (int) c));
      }
    }
    return value;
  }
}
