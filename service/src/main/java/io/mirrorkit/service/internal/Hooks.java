package io.mirrorkit.service.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a hook command with the run's environment variables and a timeout; its output goes to the
 * service's log. A hook that fails or times out is reported (its exit code, -1 for a timeout) and
 * never holds up the service: after the timeout it is killed.
 */
public final class Hooks {
  private static final Logger log = LoggerFactory.getLogger(Hooks.class);

  private Hooks() {}

  /** Runs {@code command}; returns its exit code, or -1 if it could not start or timed out. */
  public static int run(
      String mirror,
      String hook,
      List<String> command,
      Map<String, String> env,
      Duration timeout,
      Path logDir) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    try {
      java.nio.file.Files.createDirectories(logDir);
      Path out = logDir.resolve(mirror + "." + hook + ".log");
      pb.redirectOutput(out.toFile());
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        log.warn(
            "{}: hook {} timed out after {}; killed (output in {})", mirror, hook, timeout, out);
        return -1;
      }
      int code = p.exitValue();
      if (code != 0) {
        log.warn("{}: hook {} exited with {} (output in {})", mirror, hook, code, out);
      }
      return code;
    } catch (IOException e) {
      log.warn("{}: hook {} could not run: {}", mirror, hook, e.getMessage());
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
