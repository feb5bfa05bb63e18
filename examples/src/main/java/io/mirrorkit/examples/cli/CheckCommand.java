package io.mirrorkit.examples.cli;

import io.mirrorkit.service.check.History;
import io.mirrorkit.service.check.MirrorCheck;
import io.mirrorkit.service.check.MirrorChecker;
import io.mirrorkit.service.check.Mirrorlist;
import io.mirrorkit.transport.http.HttpOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mirrorkit check --mirrors FILE}: the freshness of a mirror network, and mirrorlists. */
@Command(
    name = "check",
    header = "Check the freshness of mirrors and write mirrorlists.",
    description = {
      "Reads each mirror of FILE (one base URL a line: http, https, ftp, rsync; # comments) in"
          + " parallel, with timeouts and at most 64 KiB per file: its version (project/trace/master,"
          + " lastupdate, CURRENT, repodata/repomd.xml), its last sync and software (its own"
          + " ftpsync trace, or lastsync), an update in progress (Archive-Update-in-Progress-*).",
      "Age (Debian's mirror checker): 0 while a mirror has the --upstream's current version, else"
          + " the time since the upstream moved past the mirror's version. --history FILE keeps"
          + " the upstream's versions as checks see them change (dated by the upstream's trace"
          + " where it gives a date), which dates that move; when the history does not know the"
          + " mirror's version, the age is the time since that version was made (an upper"
          + " bound), else since the mirror's last sync. Without --upstream: since its last sync."
          + " Verdicts: fresh, stale (older than --max-age, or no evidence), updating, down.",
      "--history FILE keeps every check and adds Arch's scores over 24 h (completion, delay,"
          + " duration mean and deviation, score); --mirrorlist writes only the fresh mirrors"
          + " not in an update, best score first."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every mirror is fresh (or updating)",
      "1:some mirror is stale or down",
      "2:the check itself failed: a bad option or mirrors file, an unreadable upstream"
    },
    sortOptions = false)
final class CheckCommand extends CliCommand {
  @Option(
      names = "--mirrors",
      required = true,
      paramLabel = "FILE",
      description = "One mirror base URL a line; # starts a comment.")
  Path mirrors;

  @Option(
      names = "--upstream",
      paramLabel = "URL",
      description = "The upstream whose current version the mirrors should have.")
  @Nullable String upstream;

  @Option(
      names = "--max-age",
      paramLabel = "AGE",
      description = "Older than this is stale (default 8h).")
  String maxAge = "8h";

  @Option(
      names = "--timeout",
      paramLabel = "AGE",
      description = "Timeout of each connect and read (default 30s).")
  String timeout = "30s";

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description = "Append the checks to FILE and score the mirrors over its last 24 h.")
  @Nullable Path history;

  @Option(
      names = "--mirrorlist",
      paramLabel = "FORMAT",
      description = "Write a list of the fresh mirrors: pacman, plain or json (needs --output).")
  @Nullable String mirrorlist;

  @Option(names = "--output", paramLabel = "FILE", description = "Where --mirrorlist goes.")
  @Nullable Path output;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description =
          "Trust only the certificates of this PEM file for https mirrors (a private CA, or a"
              + " mirror's self-signed certificate) instead of the JVM's default trust; host"
              + " names are still verified.")
  @Nullable Path caFile;

  /**
   * The certificates of the PEM file {@code pem} as a PKCS12 trust store in a temporary file
   * (removed when the JVM exits), which the http transport's {@code TLS_TRUST_STORE} reads.
   */
  private static Path trustStore(Path pem, String password) throws IOException {
    java.util.Collection<? extends java.security.cert.Certificate> certs;
    try (var in = Files.newInputStream(pem)) {
      certs = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("--ca-file " + pem + " does not exist");
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalArgumentException(
          "--ca-file "
              + pem
              + " is not a PEM certificate file: give the CA's or the mirror's certificate"
              + " (-----BEGIN CERTIFICATE-----)");
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(
          "--ca-file " + pem + " holds no certificate (-----BEGIN CERTIFICATE-----)");
    }
    Path store = Files.createTempFile("mirrorkit-ca", ".p12");
    store.toFile().deleteOnExit();
    try (var out = Files.newOutputStream(store)) {
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (var c : certs) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      ks.store(out, password.toCharArray());
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot build a trust store from " + pem + ": " + e, e);
    }
    return store;
  }

  @Override
  void execute() throws IOException {
    Mirrorlist.Format format = mirrorlist == null ? null : Mirrorlist.Format.parse(mirrorlist);
    if (format != null && output == null) {
      throw new IllegalArgumentException("--mirrorlist needs --output FILE");
    }
    MirrorChecker.Builder builder =
        MirrorChecker.builder()
            .maxAge(MirrorChecker.parseDuration(maxAge))
            .timeout(MirrorChecker.parseDuration(timeout));
    if (caFile != null) {
      String password = java.util.UUID.randomUUID().toString();
      builder
          .transportOption(HttpOptions.TLS_TRUST_STORE, trustStore(caFile, password).toString())
          .transportOption(HttpOptions.TLS_TRUST_STORE_PASSWORD, password);
    }
    MirrorChecker checker = builder.build();
    List<String> urls;
    MirrorChecker.Report report;
    try {
      urls =
          Files.readAllLines(mirrors, StandardCharsets.UTF_8).stream()
              .map(l -> l.replaceAll("#.*", "").trim())
              .filter(l -> !l.isEmpty())
              .toList();
      report = checker.check(urls, upstream, history == null ? null : new History(history));
    } catch (IOException e) {
      err().println("mirrorkit: check failed: " + e.getMessage());
      exitCode(2);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exitCode(2);
      return;
    }
    Map<String, History.Score> scores = Map.of();
    if (history != null) {
      History h = new History(history);
      h.append(report);
      scores = h.scores(report.finished());
    }
    if (format != null) {
      Files.writeString(output, Mirrorlist.render(format, report, scores), StandardCharsets.UTF_8);
    }
    if (json) {
      out().println(Mirrorlist.reportJson(report, scores, Instant.now()).toPrettyString());
    } else {
      for (MirrorCheck c : report.mirrors()) {
        out()
            .println(
                c.verdict().label()
                    + "\t"
                    + c.url()
                    + "\tage="
                    + (c.age() == null ? "?" : c.age().toString().substring(2).toLowerCase())
                    + (c.version() == null ? "" : "\tversion=" + c.version())
                    + (c.software() == null ? "" : "\tsoftware=" + c.software())
                    + (c.error() == null ? "" : "\terror=" + c.error()));
      }
    }
    exitCode(report.exitCode());
  }
}
