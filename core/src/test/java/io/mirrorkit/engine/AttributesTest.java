package io.mirrorkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mirrorkit.Preserve;
import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncPlan;
import io.mirrorkit.SyncReport;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.testkit.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror root's own attributes, owners and groups, and unsafe symlinks, over file://. */
class AttributesTest {
  @TempDir Path temp;

  private final SyncEngine engine = SyncEngine.builder().build();

  private SyncReport sync(Path up, Path mirror, SyncOptions options) throws Exception {
    return engine.sync(SyncRequest.of(Repository.of(up), mirror, options));
  }

  private static boolean root() throws Exception {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
  }

  private static int attr(Path p, String name) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void theRootGetsTheUpstreamRootsTimeAndMode() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").file("d/b", "b").root();
    Files.setPosixFilePermissions(up, PosixFilePermissions.fromString("rwxr-x---"));
    Instant when = Instant.parse("2020-05-06T07:08:09.123456789Z");
    Files.setLastModifiedTime(up, FileTime.from(when));
    Path mirror = temp.resolve("mirror");
    sync(up, mirror, SyncOptions.defaults());
    assertThat(Files.getLastModifiedTime(mirror).toInstant()).isEqualTo(when);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mirror)))
        .isEqualTo("rwxr-x---");
  }

  @Test
  void ownerAndGroupAreKeptWhenAsked() throws Exception {
    assumeTrue(root(), "setting owners needs root (CI runs as root)");
    Path up =
        TreeBuilder.at(temp.resolve("up")).file("a", "a").file("c", "c").file("d/b", "b").root();
    Files.setAttribute(up.resolve("a"), "unix:uid", 1234);
    Files.setAttribute(up.resolve("a"), "unix:gid", 2345);
    Files.setAttribute(up.resolve("c"), "unix:gid", 2345); // the owner stays root's
    Files.setAttribute(up.resolve("d"), "unix:gid", 2345);
    Path plain = temp.resolve("plain");
    sync(up, plain, SyncOptions.defaults());
    assertThat(attr(plain.resolve("a"), "uid")).isZero();

    Path kept = temp.resolve("kept");
    SyncOptions options =
        SyncOptions.builder()
            .preserve(
                EnumSet.of(
                    Preserve.TIMES,
                    Preserve.PERMISSIONS,
                    Preserve.SYMLINKS,
                    Preserve.HARD_LINKS,
                    Preserve.OWNER,
                    Preserve.GROUP))
            .numericIds(true)
            .build();
    sync(up, kept, options);
    assertThat(attr(kept.resolve("a"), "uid")).isEqualTo(1234);
    assertThat(attr(kept.resolve("a"), "gid")).isEqualTo(2345);
    assertThat(attr(kept.resolve("c"), "uid")).isZero();
    assertThat(attr(kept.resolve("c"), "gid")).isEqualTo(2345);
    assertThat(attr(kept.resolve("d"), "gid")).isEqualTo(2345);
    assertThat(attr(kept.resolve("d/b"), "gid")).isZero();

    // new files in a set-group-ID mirror are created with its group: root's is set back
    Path setgid = Files.createDirectory(temp.resolve("setgid"));
    Files.setAttribute(setgid, "unix:gid", 2345);
    Files.setAttribute(setgid, "unix:mode", 02755);
    sync(up, setgid, options);
    assertThat(attr(setgid.resolve("a"), "gid")).isEqualTo(2345);
    assertThat(attr(setgid.resolve("c"), "gid")).isEqualTo(2345);
    assertThat(attr(setgid.resolve("d/b"), "uid")).isZero();
    assertThat(attr(setgid.resolve("d/b"), "gid")).isZero();

    // a changed owner alone is planned as an attribute change, itemized like rsync
    Files.setAttribute(up.resolve("a"), "unix:uid", 4321);
    SyncPlan plan = engine.plan(SyncRequest.of(Repository.of(up), kept, options));
    assertThat(plan.itemize()).contains(".f....o.... a");
    sync(up, kept, options);
    assertThat(attr(kept.resolve("a"), "uid")).isEqualTo(4321);
    assertThat(engine.plan(SyncRequest.of(Repository.of(up), kept, options)).actions()).isEmpty();
  }

  @Test
  void safeLinksSkipsLinksThatLeaveTheTree() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("d/a", "a").root();
    Files.createSymbolicLink(up.resolve("d/inside"), Path.of("a"));
    Files.createSymbolicLink(up.resolve("d/up"), Path.of("../d/a"));
    Files.createSymbolicLink(up.resolve("d/out"), Path.of("../../etc/passwd"));
    Files.createSymbolicLink(up.resolve("abs"), Path.of("/etc/passwd"));
    Path mirror = temp.resolve("mirror");
    SyncReport report = sync(up, mirror, SyncOptions.builder().safeLinks(true).build());
    assertThat(Files.isSymbolicLink(mirror.resolve("d/inside"))).isTrue();
    assertThat(Files.isSymbolicLink(mirror.resolve("d/up"))).isTrue();
    assertThat(mirror.resolve("d/out")).doesNotExist();
    assertThat(mirror.resolve("abs")).doesNotExist();
    assertThat(report.warnings()).anyMatch(w -> w.contains("unsafe symlink abs"));
  }
}
