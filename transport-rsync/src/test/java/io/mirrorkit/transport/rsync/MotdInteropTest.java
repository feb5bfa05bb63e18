package io.mirrorkit.transport.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.Repository;
import io.mirrorkit.SyncEngine;
import io.mirrorkit.SyncListener;
import io.mirrorkit.SyncOptions;
import io.mirrorkit.SyncRequest;
import io.mirrorkit.UpstreamMarker;
import io.mirrorkit.testkit.RsyncDaemon;
import io.mirrorkit.testkit.TreeBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon greets every connection with its MOTD, and one sync opens several connections (the
 * upstream marker, the listing, a retry): each MOTD line must reach the listener once per sync.
 */
class MotdInteropTest {
  private static final String MOTD = "Welcome to the test mirror\nPlease be gentle";

  @TempDir Path temp;

  @Test
  void syncWithMarkerShowsEachMotdLineOnce() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("marker.txt", "1").file("a", "a").root();
    try (RsyncDaemon d =
        RsyncDaemon.builder(temp.resolve("d")).motd(MOTD).module("mod", up).start()) {
      List<String> messages = new CopyOnWriteArrayList<>();
      SyncListener listener =
          new SyncListener() {
            @Override
            public void upstreamMessage(String message) {
              messages.add(message);
            }
          };
      SyncOptions options =
          SyncOptions.builder()
              .marker(UpstreamMarker.of("marker.txt"))
              .timeout(Duration.ofSeconds(30))
              .build();

      SyncEngine.builder()
          .build()
          .sync(
              SyncRequest.of(Repository.of(d.uri("mod")), temp.resolve("mine"), options)
                  .withListener(listener));

      assertThat(messages).containsOnlyOnce("Welcome to the test mirror", "Please be gentle");
      assertThat(messages.stream().filter(m -> m.startsWith("Welcome"))).hasSize(1);
    }
  }

  @Test
  void laterConnectionsOfASessionDoNotRepeatTheMotd() throws Exception {
    Path up = TreeBuilder.at(temp.resolve("up")).file("a", "a").root();
    try (RsyncDaemon d =
            RsyncDaemon.builder(temp.resolve("d")).motd(MOTD).module("mod", up).start();
        SessionHarness h = SessionHarness.open(d.uri("mod"), SyncOptions.defaults())) {
      h.list();
      h.fetchAll(); // on the listing's connection
      h.fetchAll(); // a retry: a new connection
      h.list(); // and another

      assertThat(h.messages().stream().filter(m -> m.startsWith("Welcome"))).hasSize(1);
      assertThat(h.messages().stream().filter(m -> m.startsWith("Please"))).hasSize(1);
    }
  }
}
