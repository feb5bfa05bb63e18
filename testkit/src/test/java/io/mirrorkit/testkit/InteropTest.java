package io.mirrorkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class InteropTest {

  private static final String MISSING = "mirrorkit-surely-missing-program";

  private String savedProperty;

  @BeforeEach
  void saveProperty() {
    savedProperty = System.getProperty(Interop.PROPERTY);
  }

  @AfterEach
  void restoreProperty() {
    if (savedProperty == null) {
      System.clearProperty(Interop.PROPERTY);
    } else {
      System.setProperty(Interop.PROPERTY, savedProperty);
    }
  }

  @Test
  void findsAnInstalledProgram() {
    Path sh = Interop.requireProgram("sh", "dash");

    assertThat(sh).isAbsolute().endsWithRaw(Path.of("sh"));
    assertThat(Files.isExecutable(sh)).isTrue();
  }

  @Test
  void missingProgramSkipsTheTest() {
    System.setProperty(Interop.PROPERTY, "optional");

    assertThat(Interop.required()).isFalse();
    assertThatThrownBy(() -> Interop.requireProgram(MISSING, "mirrorkit-pkg"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("skipped: " + MISSING + " not installed (apt-get install mirrorkit-pkg)");
  }

  @Test
  void missingProgramFailsTheTestWhenRequired() {
    System.setProperty(Interop.PROPERTY, "required");

    assertThat(Interop.required()).isTrue();
    assertThatThrownBy(() -> Interop.requireProgram(MISSING, "mirrorkit-pkg"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage(
            MISSING
                + " is required (-Dmirrorkit.interop=required) but not installed:"
                + " apt-get install mirrorkit-pkg");
  }

  @Test
  void freePortCanBeBound() throws IOException {
    int port = Interop.freePort();

    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void awaitPortReturnsOnceSomethingListens() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Interop.awaitPort("127.0.0.1", socket.getLocalPort(), Duration.ofSeconds(5));
    }
  }

  @Test
  void awaitPortTimesOutNamingHostAndPort() {
    int port = Interop.freePort();

    assertThatThrownBy(() -> Interop.awaitPort("127.0.0.1", port, Duration.ofMillis(200)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("127.0.0.1:" + port);
  }
}
