package io.mirrorkit.examples.cli;

import io.mirrorkit.service.MirrorConfig;
import io.mirrorkit.service.MirrorService;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/** {@code mirrorkit service --config FILE}: the resident mirror service, in the foreground. */
@Command(
    name = "service",
    header = "Run the mirror service in the foreground.",
    description = {
      "Runs the mirrors of FILE on their schedules (cron plus jitter) and on triggers ('mirrorkit"
          + " trigger', POST /mirrors/NAME/sync), at most [service] parallel at once, and serves"
          + " the control API (status, metrics) on [service] listen when token_file is set.",
      "With an [rsyncd] section it also serves modules to rsync clients: a mirror's published"
          + " generation (mirror = \"NAME\") or a directory (path = \"DIR\"), with rsyncd.conf's"
          + " module parameters.",
      "SIGTERM or SIGINT: no new syncs; running ones stop at a clean point within [service] grace;"
          + " exit 0. SIGHUP: reload FILE (a bad config keeps the old one and says why; new rsync"
          + " connections get the new modules).",
      "Logs go to stderr, or to [service] log_file."
    },
    sortOptions = false)
final class ServiceCommand extends CliCommand {
  @Mixin ExitCodes exitCodes;

  @Mixin ConfigOption config;

  @Override
  void execute() throws IOException {
    MirrorConfig cfg = config.load();
    if (!verbosity.quiet && verbosity.verbose.length == 0) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    if (cfg.service().logFile() != null) {
      System.setProperty("org.slf4j.simpleLogger.logFile", cfg.service().logFile().toString());
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (MirrorService service = MirrorService.builder(cfg).build()) {
      Signal.handle(new Signal("TERM"), s -> stop.countDown());
      Signal.handle(new Signal("INT"), s -> stop.countDown());
      Signal.handle(
          new Signal("HUP"),
          s -> {
            String why = service.reload();
            if (why != null) {
              err().println("mirrorkit: reload failed, keeping the old config: " + why);
            }
          });
      service.start();
      err()
          .println(
              "mirrorkit: service running "
                  + cfg.mirrors().size()
                  + " mirrors from "
                  + cfg.file()
                  + (service.apiAddress() == null ? "" : "; control API on " + service.apiAddress())
                  + (service.rsyncdAddress() == null
                      ? ""
                      : "; rsync daemon on " + service.rsyncdAddress()));
      stop.await();
      err().println("mirrorkit: stopping");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
