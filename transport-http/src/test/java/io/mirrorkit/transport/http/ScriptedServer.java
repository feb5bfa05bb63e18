package io.mirrorkit.transport.http;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * OkHttp's MockWebServer answering per path: scripted answers first, then a fixed one, then a
 * generated one, else 404. Records every request.
 */
final class ScriptedServer implements AutoCloseable {
  final MockWebServer server = new MockWebServer();
  private final Map<String, Deque<MockResponse>> scripted = new ConcurrentHashMap<>();
  private final Map<String, MockResponse> fixed = new ConcurrentHashMap<>();
  private volatile Function<String, MockResponse> generated = p -> null;
  final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

  ScriptedServer() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String path = request.getPath();
            Deque<MockResponse> queue = scripted.get(path);
            MockResponse r = null;
            if (queue != null) {
              synchronized (queue) {
                r = queue.poll();
              }
            }
            if (r == null) {
              r = fixed.get(path);
            }
            if (r == null) {
              r = generated.apply(path);
            }
            return r == null ? new MockResponse().setResponseCode(404) : r;
          }
        });
    server.start();
  }

  ScriptedServer serve(String path, MockResponse response) {
    fixed.put(path, response);
    return this;
  }

  ScriptedServer first(String path, MockResponse... responses) {
    scripted.computeIfAbsent(path, k -> new ArrayDeque<>()).addAll(List.of(responses));
    return this;
  }

  ScriptedServer generate(Function<String, MockResponse> pages) {
    this.generated = pages;
    return this;
  }

  java.net.URI uri(String path) {
    return server.url(path).uri();
  }

  long requestsFor(String path) {
    synchronized (requests) {
      return requests.stream().filter(r -> path.equals(r.getPath())).count();
    }
  }

  static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  static MockResponse html(String body) {
    return new MockResponse().setHeader("Content-Type", "text/html").setBody(body);
  }

  static MockResponse file(byte[] content) {
    return new MockResponse()
        .setHeader("Last-Modified", "Tue, 05 Mar 2024 06:07:08 GMT")
        .setBody(new Buffer().write(content));
  }

  static String entry(String name, long size) {
    return "{ \"name\":\""
        + name
        + "\", \"type\":\"file\", \"mtime\":\"Tue, 05 Mar 2024 06:07:08 GMT\", \"size\":"
        + size
        + " }";
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
