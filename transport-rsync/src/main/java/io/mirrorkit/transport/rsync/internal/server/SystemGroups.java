package io.mirrorkit.transport.rsync.internal.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups of a system user, for {@code auth users = @group} rules: rsync asks the system's user
 * database (authenticate.c: user_to_uid, then getgrouplist); Java has no call for that, so this
 * runs {@code id -Gn -- USER}, which asks the same database (files, LDAP, ... through NSS). A name
 * that is not a system user (or is numeric, which rsync does not take as a uid here) has no groups.
 */
final class SystemGroups {
  private static final Logger log = LoggerFactory.getLogger(SystemGroups.class);

  private SystemGroups() {}

  static List<String> of(String user) {
    if (user.isEmpty() || user.chars().allMatch(Character::isDigit) || user.startsWith("-")) {
      return List.of();
    }
    try {
      Process p =
          new ProcessBuilder("id", "-Gn", "--", user)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readNBytes(64 * 1024);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of();
      }
      if (p.exitValue() != 0) {
        return List.of();
      }
      return Arrays.stream(new String(out, UTF_8).strip().split("\\s+"))
          .filter(g -> !g.isEmpty())
          .toList();
    } catch (IOException e) {
      log.warn("cannot list the groups of {} with id -Gn: {}", user, e.toString());
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
