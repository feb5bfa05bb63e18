package io.mirrorkit.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Helpers for interoperability tests that run real reference programs (rsync, nginx, vsftpd, git,
 * lftp):
 *
 * <pre>{@code
 * Path rsync = Interop.requireProgram("rsync", "rsync");
 * int port = Interop.freePort();
 * }</pre>
 *
 * <p>A missing program skips the test, unless the system property {@code mirrorkit.interop} is
 * {@code "required"} (as in CI, where every program is installed): then it fails the test.
 *
 * <p>Thread-safe: all methods are static and stateless.
 */
public final class Interop {

  /** The system property that makes missing programs fail tests instead of skipping them. */
  public static final String PROPERTY = "mirrorkit.interop";

  private static final List<String> SBIN_DIRECTORIES =
      List.of("/usr/local/sbin", "/usr/sbin", "/sbin");
  private static final Duration POLL_INTERVAL = Duration.ofMillis(25);
  private static final int MAX_CONNECT_MILLIS = 1000;

  private Interop() {}

  /** Whether the system property {@code mirrorkit.interop} is {@code "required"}. */
  public static boolean required() {
    return "required".equals(System.getProperty(PROPERTY));
  }

  /**
   * Returns the executable {@code program} found on {@code PATH} or in {@code /usr/local/sbin},
   * {@code /usr/sbin} or {@code /sbin}.
   *
   * @param debianPackage the Debian package that installs {@code program}, for the message
   * @throws TestAbortedException if it is not installed, which skips a JUnit 5 test
   * @throws AssertionFailedError if it is not installed and {@link #required()}
   */
  public static Path requireProgram(String program, String debianPackage) {
    for (String directory : searchPath()) {
      Path candidate = Path.of(directory, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    if (required()) {
      throw new AssertionFailedError(
          program
              + " is required (-D"
              + PROPERTY
              + "=required) but not installed: apt-get install "
              + debianPackage);
    }
    throw new TestAbortedException(
        "skipped: " + program + " not installed (apt-get install " + debianPackage + ")");
  }

  /**
   * Returns a TCP port on 127.0.0.1 that was free a moment ago. Another process may take it before
   * the caller binds it, which is rare enough for tests.
   *
   * @throws UncheckedIOException if no port can be bound
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until a TCP connection to {@code host:port} succeeds, such as a daemon started by {@link
   * Command#start()} being ready.
   *
   * @throws IOException naming {@code host:port} if no connection succeeds within {@code timeout};
   *     {@link InterruptedIOException} if the thread is interrupted (the interrupt flag stays set)
   */
  public static void awaitPort(String host, int port, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
      try (Socket socket = new Socket()) {
        int connectMillis = (int) Math.max(1, Math.min(remainingMillis, MAX_CONNECT_MILLIS));
        socket.connect(new InetSocketAddress(host, port), connectMillis);
        return;
      } catch (IOException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw new IOException(
              "nothing accepted connections on "
                  + host
                  + ":"
                  + port
                  + " within "
                  + timeout.toMillis()
                  + " ms (last attempt: "
                  + e
                  + ")",
              e);
        }
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for " + host + ":" + port);
      }
    }
  }

  private static List<String> searchPath() {
    String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
    List<String> directories = new ArrayList<>(List.of(path.split(File.pathSeparator)));
    directories.addAll(SBIN_DIRECTORIES);
    directories.removeIf(String::isEmpty);
    return directories;
  }
}
