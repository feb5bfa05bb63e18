package io.mirrorkit.examples.cli;

import static io.mirrorkit.examples.cli.CliResult.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.store.s3.LocalS3;
import io.mirrorkit.testkit.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirrorkit generations} and {@code mirrorkit rollback} on an {@code s3://bucket/prefix/}
 * TARGET, through the command line in-process, against s3proxy on loopback (filesystem backend: the
 * pointer object and the generations' objects are files to read). Credentials come from the SDK's
 * default chain (the {@code aws.accessKeyId} system properties).
 */
class S3GenerationsCliTest {
  @TempDir static Path s3Root;
  private static LocalS3 s3;

  @TempDir Path temp;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = LocalS3.startForDefaultChain(s3Root);
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  private static String[] with(String command, String... rest) {
    List<String> line = new ArrayList<>(List.of(command));
    line.addAll(
        List.of(
            "--s3-endpoint",
            s3.endpoint().toString(),
            "--s3-region",
            "us-east-1",
            "--s3-path-style",
            "--s3-checksum-when-required"));
    line.addAll(List.of(rest));
    return line.toArray(String[]::new);
  }

  @Test
  void generationsListsAndRollbackSwitchesThePointerObject() throws Exception {
    Path bucket = s3.bucket("gens");
    Path up = temp.resolve("up");
    TreeBuilder.at(up).file("a", "v1").file("d/b", "b");
    CliResult first = run(with("sync", "--generations", "3", up + "/", "s3://gens/pub/"));
    assertThat(first.exitCode()).as(first.err()).isZero();
    String one = Files.readString(bucket.resolve("pub/current")).trim();
    TreeBuilder.at(up).file("a", "v2");
    CliResult second = run(with("sync", "--generations", "3", up + "/", "s3://gens/pub/"));
    assertThat(second.exitCode()).as(second.err()).isZero();
    String two = Files.readString(bucket.resolve("pub/current")).trim();
    assertThat(two).isNotEqualTo(one);
    assertThat(bucket.resolve("pub/gen/" + two + "/a")).hasContent("v2");

    CliResult list = run(with("generations", "s3://gens/pub"));
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out().lines().toList())
        .satisfiesExactly(
            l -> assertThat(l).startsWith("  " + one), l -> assertThat(l).startsWith("* " + two));
    CliResult json = run(with("generations", "--json", "s3://gens/pub/"));
    assertThat(json.out()).contains("\"id\":\"" + two + "\",").contains("\"current\":true");

    CliResult back = run(with("rollback", "s3://gens/pub/"));
    assertThat(back.exitCode()).as(back.err()).isZero();
    assertThat(back.out()).contains("s3://gens/pub/current -> " + one);
    assertThat(bucket.resolve("pub/current")).hasContent(one + "\n");
    assertThat(bucket.resolve("pub/gen/" + one + "/a")).hasContent("v1");
    assertThat(run(with("generations", "s3://gens/pub/")).out().lines().toList().get(0))
        .startsWith("* " + one);

    CliResult forward = run(with("rollback", "--to", two, "s3://gens/pub/"));
    assertThat(forward.exitCode()).as(forward.err()).isZero();
    assertThat(bucket.resolve("pub/current")).hasContent(two + "\n");

    CliResult none = run(with("rollback", "--to", "19990101T000000.000Z", "s3://gens/pub/"));
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.err()).contains("19990101T000000.000Z").contains(one).contains(two);
  }

  @Test
  void aTargetWithoutGenerationsSaysSo() throws Exception {
    s3.bucket("plain");
    Path up = temp.resolve("up");
    TreeBuilder.at(up).file("a", "v1");
    assertThat(run(with("sync", up + "/", "s3://plain/p/")).exitCode()).isZero();

    CliResult list = run(with("generations", "s3://plain/p/"));
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains("s3://plain/p/ keeps no generations");
    CliResult back = run(with("rollback", "s3://plain/p/"));
    assertThat(back.exitCode()).isNotZero();
    assertThat(back.err()).contains("s3://plain/p/").contains("keeps no generations");
  }
}
