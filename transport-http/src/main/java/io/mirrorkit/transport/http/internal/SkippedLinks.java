package io.mirrorkit.transport.http.internal;

import io.mirrorkit.spi.SessionContext;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Links a crawl skipped: one count and one example per reason. Thread-safe. */
final class SkippedLinks {
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, String> examples = new ConcurrentHashMap<>();

  void skip(String why, String link) {
    counts.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
    examples.putIfAbsent(why, link);
  }

  void clear() {
    counts.clear();
    examples.clear();
  }

  /** One warning per reason, with the count and an example. */
  void warn(SessionContext context, String upstream) {
    counts.forEach(
        (why, n) ->
            context.warn(
                "skipped "
                    + n
                    + " link(s) "
                    + why
                    + " while listing "
                    + upstream
                    + " (e.g. "
                    + examples.get(why)
                    + ")"));
  }

  Map<String, Integer> counts() {
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return Collections.unmodifiableMap(out);
  }
}
