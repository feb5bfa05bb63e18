package io.mirrorkit.service.internal;

import io.mirrorkit.Credentials;
import io.mirrorkit.Repository;
import io.mirrorkit.service.ConfigException;
import io.mirrorkit.service.MirrorConfig.ServiceSettings;
import io.mirrorkit.service.MirrorDefinition;
import io.mirrorkit.service.RsyncdSection;
import io.mirrorkit.service.Stage;
import io.mirrorkit.service.SyncKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads one parsed {@link io.mirrorkit.service.MirrorConfig} file; every problem becomes a {@link
 * ConfigException} with its line and key.
 */
public final class ConfigReader {
  private static final Set<String> SERVICE_KEYS =
      Set.of(
          "listen",
          "token_file",
          "parallel",
          "state_dir",
          "log_file",
          "grace",
          "time_zone",
          "wait_timeout");
  private static final Set<String> MIRROR_KEYS =
      Set.of(
          "source",
          "target",
          "marker",
          "schedule",
          "jitter",
          "stage",
          "preset",
          "trace",
          "hooks",
          "hook_timeout",
          "uip_sleep",
          "uip_retries",
          "announce_lock",
          "hostname",
          "maintainer",
          "sponsor",
          "country",
          "location",
          "throughput",
          "architectures",
          "upstream_trace",
          "password_file",
          "password_env",
          "user",
          "downstreams",
          "push_delay",
          "callback");
  private static final Set<String> TRACE_FIELDS =
      Set.of(
          "hostname",
          "maintainer",
          "sponsor",
          "country",
          "location",
          "throughput",
          "architectures");
  private static final Set<String> HOOKS =
      Set.of("after_lock", "after_stage1", "after_stage2", "after_sync", "on_failure");
  private static final Set<String> PATH_KEYS =
      Set.of("exclude_from", "include_from", "keyring", "state_dir");

  private final Path file;
  private final Path dir;
  private final TomlParseResult toml;

  private final SyncKeys.Extension extension;

  public ConfigReader(Path file, TomlParseResult toml, SyncKeys.Extension extension) {
    this.extension = extension;
    this.file = file;
    this.dir = file.getParent() == null ? Path.of(".") : file.getParent();
    this.toml = toml;
  }

  /** The service settings, mirrors and rsync daemon section of a parsed file. */
  public record Parts(
      ServiceSettings service, List<MirrorDefinition> mirrors, @Nullable RsyncdSection rsyncd) {}

  /** Checks everything; the first problem throws. */
  public Parts read() {
    for (String key : toml.keySet()) {
      if (!Set.of("service", "defaults", "mirrors", "rsyncd").contains(key)) {
        throw fail(
            List.of(key),
            "unknown table or key (expected [service], [defaults], [mirrors.NAME], [rsyncd])");
      }
    }
    ServiceSettings service = service(table(List.of("service")));
    TomlTable defaults = table(List.of("defaults"));
    Map<String, Object> shared = new LinkedHashMap<>();
    if (defaults != null) {
      for (String key : defaults.keySet()) {
        check(List.of("defaults", key), defaults.get(List.of(key)));
        shared.put(key, defaults.get(List.of(key)));
      }
    }
    TomlTable all = table(List.of("mirrors"));
    List<MirrorDefinition> mirrors = new ArrayList<>();
    if (all != null) {
      for (String name : all.keySet()) {
        mirrors.add(mirror(name, shared, service));
      }
    }
    return new Parts(
        service, mirrors, RsyncdReader.read(toml.get(List.of("rsyncd")), mirrors, dir, this::fail));
  }

  private ServiceSettings service(@Nullable TomlTable t) {
    Map<String, Object> v = new LinkedHashMap<>();
    if (t != null) {
      for (String key : t.keySet()) {
        if (!SERVICE_KEYS.contains(key)) {
          throw fail(List.of("service", key), "unknown key; known: " + sorted(SERVICE_KEYS));
        }
        v.put(key, t.get(List.of(key)));
      }
    }
    List<String> at = List.of("service");
    String listen = (String) value(at, "listen", v, String.class, "127.0.0.1:8873");
    if (!listen.matches("[^\\s]*:\\d{1,5}")) {
      throw fail(List.of("service", "listen"), "'" + listen + "' is not HOST:PORT");
    }
    String token = (String) value(at, "token_file", v, String.class, null);
    long parallel = (Long) value(at, "parallel", v, Long.class, 2L);
    if (parallel < 1) {
      throw fail(List.of("service", "parallel"), parallel + " must be at least 1");
    }
    String state = (String) value(at, "state_dir", v, String.class, "mirrorkit-state");
    String log = (String) value(at, "log_file", v, String.class, null);
    Duration grace = duration(at, "grace", v, "30s");
    String zone = (String) value(at, "time_zone", v, String.class, ZoneId.systemDefault().getId());
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone);
    } catch (RuntimeException e) {
      throw fail(List.of("service", "time_zone"), "'" + zone + "' is not a time zone");
    }
    return new ServiceSettings(
        listen,
        token == null ? null : dir.resolve(token),
        Math.toIntExact(parallel),
        dir.resolve(state),
        log == null ? null : dir.resolve(log),
        grace,
        zoneId,
        duration(at, "wait_timeout", v, "6h"));
  }

  private MirrorDefinition mirror(
      String name, Map<String, Object> shared, ServiceSettings service) {
    ZoneId zone = service.zone();
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw fail(List.of("mirrors", name), "a mirror name is letters, digits, '.', '_', '-'");
    }
    List<String> at = List.of("mirrors", name);
    TomlTable t = table(at);
    if (t == null) {
      throw fail(at, "must be a table: [mirrors." + name + "]");
    }
    Map<String, Object> v = new LinkedHashMap<>(shared);
    for (String key : t.keySet()) {
      check(path(at, key), t.get(List.of(key)));
      v.put(key, t.get(List.of(key)));
    }
    Map<String, Object> sync = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : v.entrySet()) {
      if (new SyncKeys(extension).accepts(e.getKey()) && !e.getKey().equals("marker")) {
        Object value = plain(e.getValue());
        if (PATH_KEYS.contains(e.getKey().replace('-', '_'))) {
          value = resolve(value);
        }
        sync.put(e.getKey(), value);
      }
    }
    SyncKeys keys = new SyncKeys(extension);
    for (Map.Entry<String, Object> e : sync.entrySet()) {
      try {
        keys.set(e.getKey(), e.getValue());
      } catch (IllegalArgumentException ex) {
        throw fail(where(at, e.getKey()), ex.getMessage());
      }
    }
    List<String> stageOne = new ArrayList<>();
    try {
      keys.build();
    } catch (IllegalArgumentException ex) {
      throw fail(at, ex.getMessage());
    }
    Object last = sync.get("last");
    if (last instanceof List<?> l) {
      l.forEach(g -> stageOne.add((String) g));
    } else if (last instanceof String s) {
      stageOne.add(s);
    }
    String preset = (String) value(at, "preset", v, String.class, null);
    if (preset != null) {
      if (!preset.equals("debian")) {
        throw fail(where(at, "preset"), "'" + preset + "' is not a preset: give \"debian\"");
      }
      stageOne.addAll(MirrorDefinition.DEBIAN_STAGE1);
    }
    String source = (String) value(at, "source", v, String.class, null);
    String target = (String) value(at, "target", v, String.class, null);
    if (source == null || target == null) {
      throw fail(at, "a mirror needs source and target");
    }
    URI store = StoreTargets.check(target, v, (key, problem) -> fail(where(at, key), problem));
    Repository repository;
    try {
      repository = Repository.of(source);
    } catch (IllegalArgumentException ex) {
      throw fail(where(at, "source"), ex.getMessage());
    }
    repository = credentials(repository, at, v);
    String schedule = (String) value(at, "schedule", v, String.class, null);
    Duration jitter = duration(at, "jitter", v, "0s");
    if (schedule != null) {
      try {
        Schedule.parse(schedule, jitter, zone);
      } catch (IllegalArgumentException ex) {
        throw fail(where(at, "schedule"), ex.getMessage());
      }
    }
    Stage stage;
    try {
      stage = Stage.parse(String.valueOf(value(at, "stage", v, Object.class, "all")));
    } catch (IllegalArgumentException ex) {
      throw fail(where(at, "stage"), ex.getMessage());
    }
    Set<String> trace = new LinkedHashSet<>();
    for (Object o : list(at, "trace", v)) {
      if (!Set.of("ftpsync", "lastsync").contains(o)) {
        throw fail(
            where(at, "trace"),
            "'" + o + "' is not a trace: give \"ftpsync\" or" + " \"lastsync\"");
      }
      trace.add((String) o);
    }
    Map<String, List<String>> hooks = hooks(at, v);
    long retries = (Long) value(at, "uip_retries", v, Long.class, 3L);
    if (retries < 0) {
      throw fail(where(at, "uip_retries"), retries + " is negative");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("hostname", defaultHostname());
    for (String f : TRACE_FIELDS) {
      Object o = value(at, f, v, String.class, null);
      if (o != null) {
        fields.put(f, (String) o);
      }
    }
    String marker = (String) value(at, "marker", v, String.class, null);
    String upstreamTrace =
        (String)
            value(
                at,
                "upstream_trace",
                v,
                String.class,
                marker != null && marker.startsWith("project/trace/")
                    ? marker
                    : "project/trace/master");
    return new MirrorDefinition(
        name,
        repository,
        store != null
            ? service.stateDirectory().resolve("work").resolve(name)
            : dir.resolve(target),
        sync,
        marker,
        schedule,
        jitter,
        stage,
        List.copyOf(stageOne),
        trace,
        hooks,
        duration(at, "hook_timeout", v, "10m"),
        duration(at, "uip_sleep", v, "20m"),
        Math.toIntExact(retries),
        (Boolean) value(at, "announce_lock", v, Boolean.class, false),
        fields,
        upstreamTrace,
        DownstreamReader.read(at, t.get(List.of("downstreams")), dir, name, this::fail),
        extension,
        store,
        duration(at, "push_delay", v, "600s"),
        DownstreamReader.callback(at, t.get(List.of("callback")), dir, name, this::fail));
  }

  private Repository credentials(Repository repository, List<String> at, Map<String, Object> v) {
    String fileName = (String) value(at, "password_file", v, String.class, null);
    String env = (String) value(at, "password_env", v, String.class, null);
    if (fileName == null && env == null) {
      return repository;
    }
    String password;
    if (fileName != null) {
      Path p = dir.resolve(fileName);
      try {
        password = Files.readAllLines(p, StandardCharsets.UTF_8).stream().findFirst().orElse("");
      } catch (IOException e) {
        throw fail(where(at, "password_file"), "cannot read " + p + ": " + e);
      }
    } else {
      password = System.getenv(env);
      if (password == null) {
        throw fail(where(at, "password_env"), "the environment variable " + env + " is not set");
      }
    }
    String user = (String) value(at, "user", v, String.class, null);
    String info = repository.uri().getUserInfo();
    if (user == null) {
      user = info != null ? info.split(":", 2)[0] : null;
    }
    if (user == null) {
      throw fail(at, "a password needs a user: give user = \"...\" or put it in the source URI");
    }
    return repository.withCredentials(new Credentials(user, password));
  }

  private Map<String, List<String>> hooks(List<String> at, Map<String, Object> v) {
    Object o = v.get("hooks");
    Map<String, List<String>> hooks = new LinkedHashMap<>();
    if (o == null) {
      return hooks;
    }
    if (!(o instanceof TomlTable t)) {
      throw fail(where(at, "hooks"), "must be a table: hooks = { after_sync = \"...\" }");
    }
    for (String hook : t.keySet()) {
      Object command = t.get(List.of(hook));
      if (!HOOKS.contains(hook)) {
        throw fail(where(at, "hooks"), "unknown hook '" + hook + "'; known: " + sorted(HOOKS));
      }
      if (command instanceof String s) {
        hooks.put(hook, List.of("/bin/sh", "-c", s));
      } else if (command instanceof TomlArray a && !a.isEmpty()) {
        hooks.put(hook, a.toList().stream().map(String::valueOf).toList());
      } else {
        throw fail(where(at, "hooks"), hook + " must be a command line or an argument list");
      }
    }
    return hooks;
  }

  /** Unknown keys of a mirror or of the defaults. */
  private void check(List<String> key, @Nullable Object value) {
    String name = key.get(key.size() - 1);
    if (!MIRROR_KEYS.contains(name) && !new SyncKeys(extension).accepts(name)) {
      throw fail(key, "unknown key (neither a mirror setting nor a sync flag)");
    }
    if (key.get(0).equals("defaults")
        && (name.equals("source")
            || name.equals("target")
            || name.equals("downstreams")
            || name.equals("callback"))) {
      throw fail(
          key, "source, target, downstreams and callback belong to each mirror, not to [defaults]");
    }
  }

  private Object resolve(Object value) {
    if (value instanceof List<?> l) {
      return l.stream().map(this::resolve).toList();
    }
    return value instanceof String s ? dir.resolve(s).toString() : value;
  }

  private static Object plain(Object value) {
    return value instanceof TomlArray a ? a.toList() : value;
  }

  private List<?> list(List<String> at, String key, Map<String, Object> v) {
    Object o = v.get(key);
    if (o == null) {
      return List.of();
    }
    return o instanceof TomlArray a ? a.toList() : List.of(o);
  }

  private @Nullable Object value(
      List<String> at, String key, Map<String, Object> v, Class<?> type, @Nullable Object dflt) {
    Object o = v.get(key);
    if (o == null) {
      return dflt;
    }
    if (type == Object.class && (o instanceof String || o instanceof Long)) {
      return o;
    }
    String problem = typeProblem(o, type);
    if (problem != null) {
      throw fail(where(at, key), problem);
    }
    return o;
  }

  /**
   * Why the TOML value {@code o} is not of {@code type} (String, Long or Boolean), as the error
   * says it: "must be a whole number, not x"; null when it is.
   */
  static @Nullable String typeProblem(Object o, Class<?> type) {
    if (type.isInstance(o)) {
      return null;
    }
    return "must be "
        + switch (type.getSimpleName()) {
          case "Long" -> "a whole number";
          case "Boolean" -> "true or false";
          default -> "a string";
        }
        + ", not "
        + o;
  }

  /** A duration key's value: a number of seconds or a text such as {@code "90s"} or "2m". */
  static Duration toDuration(Object o) {
    return o instanceof Long n ? Duration.ofSeconds(n) : Durations.parse(String.valueOf(o));
  }

  private Duration duration(List<String> at, String key, Map<String, Object> v, String dflt) {
    try {
      return toDuration(v.getOrDefault(key, dflt));
    } catch (IllegalArgumentException e) {
      throw fail(where(at, key), e.getMessage());
    }
  }

  /** The key in the mirror's table, or in [defaults] when the mirror does not set it. */
  private List<String> where(List<String> at, String key) {
    List<String> own = path(at, key);
    if (toml.get(own) == null
        && at.get(0).equals("mirrors")
        && toml.get(path(List.of("defaults"), key)) != null) {
      return path(List.of("defaults"), key);
    }
    return own;
  }

  private @Nullable TomlTable table(List<String> at) {
    Object o = toml.get(at);
    if (o != null && !(o instanceof TomlTable)) {
      throw fail(at, "must be a table");
    }
    return (TomlTable) o;
  }

  private ConfigException fail(List<String> key, @Nullable String problem) {
    TomlPosition p = toml.inputPositionOf(key);
    return new ConfigException(
        file, p == null ? 0 : p.line(), Toml.joinKeyPath(key), String.valueOf(problem));
  }

  private static List<String> path(List<String> at, String key) {
    List<String> p = new ArrayList<>(at);
    p.add(key);
    return p;
  }

  private static String sorted(Set<String> keys) {
    return String.join(", ", new java.util.TreeSet<>(keys));
  }

  private static String defaultHostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
