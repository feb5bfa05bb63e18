package io.mirrorkit.transport.rsync.server;

import io.mirrorkit.testkit.Command;
import io.mirrorkit.testkit.Interop;
import io.mirrorkit.transport.rsync.RsyncServer;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Starts mirrorkit's rsync server on 127.0.0.1 and runs the real rsync client against it. */
public final class ServerHarness {
  private ServerHarness() {}

  static RsyncServer serve(Path dir) throws IOException {
    return serve(RsyncdModule.builder("mod", dir).comment("the test module").build());
  }

  static RsyncServer serve(RsyncdModule... modules) throws IOException {
    RsyncServer.Builder b = RsyncServer.builder().address("127.0.0.1").port(0);
    for (RsyncdModule m : modules) {
      b.module(m);
    }
    return b.build().start();
  }

  static String uri(RsyncServer server, String path) {
    return "rsync://127.0.0.1:" + server.port() + "/" + path;
  }

  /** Runs the real rsync client; the result, whatever its exit code. */
  static Command.Result rsync(List<String> options, String source, Path target) throws IOException {
    Interop.requireProgram("rsync", "rsync");
    List<String> argv = new ArrayList<>();
    argv.add("rsync");
    argv.addAll(options);
    argv.add(source);
    argv.add(target + "/");
    return Command.of(argv).timeout(Duration.ofMinutes(3)).run();
  }

  /** Like {@link #rsync} but fails on a non-zero exit code, showing stderr. */
  static Command.Result rsyncOk(List<String> options, String source, Path target)
      throws IOException {
    Command.Result r = rsync(options, source, target);
    if (r.exitCode() != 0) {
      throw new AssertionError(
          "rsync "
              + options
              + " "
              + source
              + " exited "
              + r.exitCode()
              + ":\n"
              + r.stderr()
              + r.stdout());
    }
    return r;
  }

  /**
   * Ages every symlink and directory of a tree to a fixed past time: rsync's client does not re-set
   * the time of a symlink or directory it made in the same second as the upstream's time, so trees
   * pulled right after they were made would differ by that quirk alone.
   */
  public static Path aged(Path root) throws IOException {
    FileTime base = FileTime.from(Instant.parse("2024-05-06T07:08:09.123456789Z"));
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        if (Files.isSymbolicLink(p) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setTimes(base, null, null);
        }
      }
    }
    return root;
  }
}
