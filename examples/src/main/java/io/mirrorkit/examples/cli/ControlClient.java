package io.mirrorkit.examples.cli;

import io.mirrorkit.service.MirrorConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Talks to a running service's control API, for {@code trigger}, {@code status} and {@code
 * ssh-command}.
 */
final class ControlClient {
  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ControlClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The API of {@code url} with the token in {@code tokenFile}. */
  static ControlClient of(String url, Path tokenFile) throws IOException {
    String token =
        Files.readAllLines(tokenFile, StandardCharsets.UTF_8).stream()
            .findFirst()
            .orElse("")
            .trim();
    return new ControlClient(URI.create(url.endsWith("/") ? url : url + "/"), token);
  }

  /** The API a config's {@code [service]} describes, or null when it has no token file. */
  static @Nullable ControlClient of(MirrorConfig config) throws IOException {
    Path tokenFile = config.service().tokenFile();
    if (tokenFile == null) {
      return null;
    }
    String listen = config.service().listen();
    if (listen.startsWith("0.0.0.0:")) {
      listen = "127.0.0.1:" + listen.substring(8);
    }
    return of("http://" + listen + "/", tokenFile);
  }

  HttpResponse<String> get(String path) throws IOException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  HttpResponse<String> post(String path) throws IOException {
    return post(path, Duration.ofSeconds(30));
  }

  /** A POST that may take {@code timeout} (a push that waits for the run). */
  HttpResponse<String> post(String path, Duration timeout) throws IOException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(timeout));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      HttpRequest built = request.header("Authorization", "Bearer " + token).build();
      return http.send(
          built.timeout().isPresent()
              ? built
              : HttpRequest.newBuilder(built, (k, v) -> true)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ConnectException("no service answers at " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
