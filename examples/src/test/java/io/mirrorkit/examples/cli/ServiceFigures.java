package io.mirrorkit.examples.cli;

import io.mirrorkit.service.MirrorConfig;
import io.mirrorkit.service.MirrorService;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import io.mirrorkit.testkit.Trees;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of the service's note, not a test: a sync of a 10k-file tree served by a real rsync
 * daemon, new and unchanged, by a triggered warm service (POST to idle), by {@code rsync -a
 * --delete} and by the cold CLI ({@code java ... mirrorkit sync}, a new JVM each time). Run with
 * the test classpath: {@code java -cp CP io.mirrorkit.examples.cli.ServiceFigures [FILES]}.
 */
public final class ServiceFigures {
  private ServiceFigures() {}

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path temp = Files.createTempDirectory("mirrorkit-figures");
    Path up = temp.resolve("up");
    TreeBuilder.at(up).seed(13).randomTree(files, 4, 4096);
    try (RsyncDaemon daemon = RsyncDaemon.builder(temp.resolve("d")).module("up", up).start()) {
      String uri = daemon.uri("up");
      Files.writeString(temp.resolve("token"), "figures\n");
      StringBuilder toml =
          new StringBuilder(
              "[service]\nstate_dir = \"state\"\nlisten = \"127.0.0.1:0\"\ntoken_file ="
                  + " \"token\"\n[defaults]\ndelete = true\n");
      toml.append("[mirrors.warmup]\nsource = \"").append(uri).append("\"\ntarget = \"warmup\"\n");
      for (int r = 0; r < rounds; r++) {
        toml.append("[mirrors.w").append(r).append("]\nsource = \"").append(uri);
        toml.append("\"\ntarget = \"w").append(r).append("\"\n");
      }
      Files.writeString(temp.resolve("mirrors.toml"), toml);
      List<String> lines = new ArrayList<>();
      try (MirrorService service =
          MirrorService.builder(MirrorConfig.load(temp.resolve("mirrors.toml"))).build()) {
        service.start();
        URI api = URI.create("http://127.0.0.1:" + service.apiAddress().getPort() + "/");
        HttpClient http = HttpClient.newHttpClient();
        trigger(http, api, service, "warmup");
        trigger(http, api, service, "warmup");
        for (int r = 0; r < rounds; r++) {
          long n = trigger(http, api, service, "w" + r);
          long u = trigger(http, api, service, "w" + r);
          Trees.compare(
                  up,
                  temp.resolve("w" + r),
                  io.mirrorkit.testkit.CompareOptions.defaults()
                      .mtimePrecision(Duration.ofSeconds(1)))
              .assertEqual();
          lines.add(String.format("warm service  new %6d ms  unchanged %6d ms", n, u));
        }
      }
      for (int r = 0; r < rounds; r++) {
        Path dest = temp.resolve("rsync" + r);
        List<String> argv = List.of("rsync", "-a", "--delete", uri, dest + "/");
        long n = time(argv);
        long u = time(argv);
        lines.add(String.format("rsync -a      new %6d ms  unchanged %6d ms", n, u));
      }
      for (int r = 0; r < rounds; r++) {
        Path dest = temp.resolve("cli" + r);
        List<String> argv = CliResult.command("sync", "-q", "--delete", uri, dest.toString());
        long n = time(argv);
        long u = time(argv);
        lines.add(String.format("cold CLI      new %6d ms  unchanged %6d ms", n, u));
      }
      System.out.println(files + " files, " + rounds + " rounds, rsync daemon on 127.0.0.1");
      lines.forEach(System.out::println);
    }
  }

  /** POST /mirrors/NAME/sync and wait until the service is idle again: milliseconds. */
  private static long trigger(HttpClient http, URI api, MirrorService service, String name)
      throws Exception {
    long t = System.nanoTime();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(api.resolve("mirrors/" + name + "/sync"))
                .header("Authorization", "Bearer figures")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202 || !service.awaitIdle(Duration.ofMinutes(10))) {
      throw new IllegalStateException(name + ": " + r.statusCode() + " " + r.body());
    }
    String result = service.status(name).lastResult();
    if (!"success".equals(result)) {
      throw new IllegalStateException(name + ": " + service.status(name).lastMessage());
    }
    return (System.nanoTime() - t) / 1_000_000;
  }

  private static long time(List<String> argv) throws Exception {
    long t = System.nanoTime();
    Process p = new ProcessBuilder(argv).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(argv + " exited with " + p.exitValue());
    }
    return (System.nanoTime() - t) / 1_000_000;
  }
}
