package io.mirrorkit.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./mirrorkit} launcher runs short commands on C1 alone, keeps C2 for the hottest code
 * of commands that hash much (C1 has no SHA intrinsics), and leaves the long-lived service and
 * daemon the JVM's defaults; {@code MIRRORKIT_JIT} overrides it, and a bad value is refused.
 */
class LauncherJitTest {
  private static final Path LAUNCHER = Path.of("../mirrorkit").toAbsolutePath().normalize();

  @Test
  void shortCommandsRunOnC1AndHashingOnesKeepC2() throws Exception {
    assertEquals("c1", choice(Map.of(), "sync", "-aH", "--delete", "rsync://h/m/", "/srv/m"));
    assertEquals("c1", choice(Map.of(), "sync", "-q", "http://h/pub/", "/srv/pub"));
    assertEquals("c1", choice(Map.of(), "plan", "ftp://h/pub/", "/srv/pub"));
    assertEquals("c1", choice(Map.of(), "check", "--ca-file", "ca.pem", "https://h/"));
    assertEquals("c1", choice(Map.of(), "--version"));
    assertEquals("short", choice(Map.of(), "sync", "git://h/r.git", "/srv/r.git"));
    assertEquals("short", choice(Map.of(), "sync", "--git", "https://h/r.git", "/srv/r.git"));
    assertEquals("short", choice(Map.of(), "sync", "git+https://h/r.git", "/srv/r.git"));
    assertEquals("short", choice(Map.of(), "sync", "-avc", "rsync://h/m/", "/srv/m"));
    assertEquals("short", choice(Map.of(), "sync", "--checksum", "rsync://h/m/", "/srv/m"));
    assertEquals("short", choice(Map.of(), "sync", "--format", "deb", "http://h/d/", "/srv/d"));
    assertEquals("short", choice(Map.of(), "sync", "rsync://h/m/", "s3://bucket/m"));
    assertEquals("short", choice(Map.of(), "verify", "/srv/m"));
    assertEquals("short", choice(Map.of(), "run", "--config", "mirrors.toml"));
    assertEquals("tiered", choice(Map.of(), "service", "--config", "mirrors.toml"));
    assertEquals("tiered", choice(Map.of(), "rsyncd", "--config", "rsyncd.conf"));
  }

  @Test
  void theEnvironmentDecidesWhenSet() throws Exception {
    assertEquals("tiered", choice(Map.of("MIRRORKIT_JIT", "tiered"), "sync", "a", "b"));
    assertEquals("c1", choice(Map.of("MIRRORKIT_JIT", "c1"), "sync", "git://h/r", "b"));
    Result bad = launch(Map.of("MIRRORKIT_JIT", "fast"), "sync", "a", "b");
    assertEquals(2, bad.code());
    assertTrue(bad.output().contains("MIRRORKIT_JIT must be c1, short or tiered"), bad.output());
  }

  private static String choice(Map<String, String> env, String... args) throws Exception {
    Result r = launch(env, args);
    assertEquals(0, r.code(), r.output());
    return r.output().strip();
  }

  private record Result(int code, String output) {}

  private static Result launch(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().remove("MIRRORKIT_JIT");
    pb.environment().put("MIRRORKIT_PRINT_JIT", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not finish");
    return new Result(p.exitValue(), out);
  }
}
