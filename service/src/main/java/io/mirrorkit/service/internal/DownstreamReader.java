package io.mirrorkit.service.internal;

import io.mirrorkit.service.ConfigException;
import io.mirrorkit.service.Downstream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** Reads a mirror's {@code [[mirrors.NAME.downstreams]]} tables into {@link Downstream}s. */
final class DownstreamReader {
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "type",
          "url",
          "token_file",
          "mirror",
          "ssh",
          "port",
          "key_file",
          "known_hosts",
          "archive",
          "delay",
          "timeout",
          "retries",
          "retry_wait",
          "callback");
  private static final Set<String> CALLBACK_KEYS =
      Set.of("ssh", "port", "key_file", "known_hosts", "timeout");

  private DownstreamReader() {}

  /**
   * The downstreams of mirror {@code name} at {@code at}; {@code fail} makes the exception for a
   * key and a problem.
   */
  static List<Downstream> read(
      List<String> at,
      @Nullable Object value,
      Path dir,
      String name,
      BiFunction<List<String>, String, ConfigException> fail) {
    if (value == null) {
      return List.of();
    }
    List<String> key = new ArrayList<>(at);
    key.add("downstreams");
    if (!(value instanceof TomlArray a)
        || a.toList().stream().anyMatch(o -> !(o instanceof TomlTable))) {
      throw fail.apply(key, "must be tables: [[mirrors." + name + ".downstreams]]");
    }
    List<Downstream> all = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      all.add(one(key, i, a.getTable(i), dir, name, fail));
    }
    return List.copyOf(all);
  }

  private static Downstream one(
      List<String> key,
      int index,
      TomlTable t,
      Path dir,
      String name,
      BiFunction<List<String>, String, ConfigException> fail) {
    String where = "downstream " + (index + 1) + ": ";
    Fields fields = new Fields(t, key, where, fail);
    for (String k : t.keySet()) {
      if (!KEYS.contains(k)) {
        throw fail.apply(
            key, where + "unknown key '" + k + "'; known: " + new java.util.TreeSet<>(KEYS));
      }
    }
    Downstream.Type type;
    try {
      type = Downstream.Type.parse(fields.string("type", "all"));
    } catch (IllegalArgumentException e) {
      throw fail.apply(key, where + e.getMessage());
    }
    Duration delay = fields.duration("delay", "0s");
    String url = fields.string("url", null);
    String ssh = fields.string("ssh", null);
    if (type == Downstream.Type.DELAY) {
      return new Downstream(
          "delay",
          type,
          null,
          null,
          name,
          null,
          null,
          22,
          null,
          null,
          null,
          delay,
          Duration.ZERO,
          0,
          Duration.ZERO,
          false);
    }
    if ((url == null) == (ssh == null)) {
      throw fail.apply(key, where + "give either url (a mirrorkit service) or ssh = \"user@host\"");
    }
    String tokenFile = fields.string("token_file", null);
    String keyFile = fields.string("key_file", null);
    String knownHosts = fields.string("known_hosts", null);
    URI uri = null;
    String user = null;
    String host = null;
    if (url != null) {
      if (tokenFile == null) {
        throw fail.apply(key, where + "a mirrorkit downstream needs token_file");
      }
      try {
        uri = URI.create(url.endsWith("/") ? url : url + "/");
      } catch (IllegalArgumentException e) {
        throw fail.apply(key, where + "'" + url + "' is not a URL");
      }
    } else {
      int at = ssh.indexOf('@');
      if (at <= 0 || at == ssh.length() - 1) {
        throw fail.apply(key, where + "ssh = \"" + ssh + "\" is not user@host");
      }
      user = ssh.substring(0, at);
      host = ssh.substring(at + 1);
      if (keyFile == null) {
        throw fail.apply(key, where + "an ssh downstream needs key_file");
      }
      if (knownHosts == null) {
        knownHosts = System.getProperty("user.home") + "/.ssh/known_hosts";
      }
    }
    long port = fields.number("port", 22);
    long retries = fields.number("retries", 2);
    if (port < 1 || port > 65535 || retries < 0) {
      throw fail.apply(key, where + "port must be 1-65535 and retries at least 0");
    }
    String label = fields.string("name", host != null ? host : uri.getAuthority());
    return new Downstream(
        label,
        type,
        uri,
        tokenFile == null ? null : dir.resolve(tokenFile),
        fields.string("mirror", name),
        user,
        host,
        (int) port,
        keyFile == null ? null : dir.resolve(keyFile),
        knownHosts == null ? null : dir.resolve(knownHosts),
        fields.string("archive", null),
        delay,
        fields.duration("timeout", "1h"),
        (int) retries,
        fields.duration("retry_wait", "30s"),
        fields.bool("callback", false));
  }

  /**
   * The {@code [mirrors.NAME.callback]} table at {@code at}: the upstream this mirror calls back
   * over ssh when a push asked for it (ftpsync's {@code CALLBACKUSER}, {@code CALLBACKHOST}, {@code
   * CALLBACKKEY}); null when absent.
   */
  static @Nullable Downstream callback(
      List<String> at,
      @Nullable Object value,
      Path dir,
      String name,
      BiFunction<List<String>, String, ConfigException> fail) {
    if (value == null) {
      return null;
    }
    List<String> key = new ArrayList<>(at);
    key.add("callback");
    if (!(value instanceof TomlTable t)) {
      throw fail.apply(key, "must be a table: [mirrors." + name + ".callback]");
    }
    for (String k : t.keySet()) {
      if (!CALLBACK_KEYS.contains(k)) {
        throw fail.apply(
            key, "unknown key '" + k + "'; known: " + new java.util.TreeSet<>(CALLBACK_KEYS));
      }
    }
    Fields fields = new Fields(t, key, "", fail);
    String ssh = fields.string("ssh", null);
    int at1 = ssh == null ? -1 : ssh.indexOf('@');
    if (ssh == null || at1 <= 0 || at1 == ssh.length() - 1) {
      throw fail.apply(key, "give ssh = \"user@host\" of the upstream to call back");
    }
    String keyFile = fields.string("key_file", null);
    if (keyFile == null) {
      throw fail.apply(key, "a callback needs key_file");
    }
    String knownHosts =
        fields.string("known_hosts", System.getProperty("user.home") + "/.ssh/known_hosts");
    long port = fields.number("port", 22);
    if (port < 1 || port > 65535) {
      throw fail.apply(key, "port must be 1-65535");
    }
    return new Downstream(
        "callback " + ssh.substring(at1 + 1),
        Downstream.Type.ALL,
        null,
        null,
        name,
        ssh.substring(0, at1),
        ssh.substring(at1 + 1),
        (int) port,
        dir.resolve(keyFile),
        dir.resolve(knownHosts),
        null,
        Duration.ZERO,
        fields.duration("timeout", "2m"),
        0,
        Duration.ZERO,
        false);
  }

  /** The typed values of one downstream table, failing with the table's key and place. */
  private record Fields(
      TomlTable t,
      List<String> key,
      String where,
      BiFunction<List<String>, String, ConfigException> fail) {
    @Nullable String string(String k, @Nullable String dflt) {
      return get(k, dflt, String.class);
    }

    long number(String k, long dflt) {
      return get(k, dflt, Long.class);
    }

    boolean bool(String k, boolean dflt) {
      return get(k, dflt, Boolean.class);
    }

    Duration duration(String k, String dflt) {
      Object o = t.get(List.of(k));
      try {
        return ConfigReader.toDuration(o == null ? dflt : o);
      } catch (IllegalArgumentException e) {
        throw fail.apply(key, where + k + ": " + e.getMessage());
      }
    }

    /** The value of {@code k}, or {@code dflt} (null only for an optional string). */
    private <T> T get(String k, @Nullable T dflt, Class<T> type) {
      Object o = t.get(List.of(k));
      if (o == null) {
        return dflt;
      }
      String problem = ConfigReader.typeProblem(o, type);
      if (problem != null) {
        throw fail.apply(key, where + k + " " + problem);
      }
      return type.cast(o);
    }
  }
}
