package io.mirrorkit.format.arch;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;

/**
 * pacman as a client of one repository, isolated in a directory of its own (configuration,
 * database, cache, log, and a GnuPG home that trusts one key): {@code SigLevel = Required}, so the
 * database's and the packages' signatures must verify.
 */
final class Pacman {
  private final Path dir;
  private final Path conf;

  /** Whether this pacman (7.0 and later) has a download sandbox, which the test turns off. */
  private final boolean sandbox;

  private Pacman(Path dir, Path conf, boolean sandbox) {
    this.dir = dir;
    this.conf = conf;
    this.sandbox = sandbox;
  }

  /**
   * A pacman whose repository {@code repo} is at {@code server} (the repository's directory), for
   * x86_64, trusting {@code key}.
   */
  static Pacman of(Path dir, String repo, URI server, TestKey key) throws IOException {
    Interop.requireProgram("pacman", "pacman-package-manager");
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "pacman syncs (-Sy, -Sw) only as root: run this test as root (as CI does)");
    Path gpg =
        Files.createDirectories(
            dir.resolve("gpg"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    key.trustIn(gpg);
    Files.createDirectories(dir.resolve("db"));
    Files.createDirectories(dir.resolve("cache"));
    Path conf = dir.resolve("pacman.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "[options]",
            "Architecture = x86_64",
            "SigLevel = Required",
            "LocalFileSigLevel = Optional",
            "GPGDir = " + gpg,
            "[" + repo + "]",
            "Server = " + server.toString().replaceAll("/$", ""),
            ""));
    boolean sandbox =
        Command.of("pacman", "-S", "--help").run().stdout().contains("--disable-sandbox");
    return new Pacman(dir, conf, sandbox);
  }

  /** Runs {@code pacman --noconfirm ARGS} (as root: pacman 6.0 syncs only as root). */
  Command.Result run(String... args) throws IOException {
    java.util.List<String> argv =
        new java.util.ArrayList<>(
            java.util.List.of(
                "pacman",
                "--config",
                conf.toString(),
                "--dbpath",
                dir.resolve("db").toString(),
                "--cachedir",
                dir.resolve("cache").toString(),
                "--logfile",
                dir.resolve("pacman.log").toString(),
                "--noconfirm"));
    if (sandbox) {
      argv.add("--disable-sandbox"); // its unprivileged user could not write the test's cache
    }
    argv.addAll(java.util.List.of(args));
    return Command.of(argv).env("LC_ALL", "C").run();
  }

  /** The cache, where {@code -Sw} puts what it downloads. */
  Path cache() {
    return dir.resolve("cache");
  }
}
