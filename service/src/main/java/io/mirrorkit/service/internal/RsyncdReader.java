package io.mirrorkit.service.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.service.ConfigException;
import io.mirrorkit.service.MirrorDefinition;
import io.mirrorkit.service.RsyncdSection;
import io.mirrorkit.transport.rsync.RsyncdModule;
import io.mirrorkit.transport.rsync.RsyncdParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * Reads the {@code [rsyncd]} table into an {@link RsyncdSection}: the server's own keys, module
 * parameters as every module's defaults, and one {@code [rsyncd.modules.NAME]} table per module.
 * The parameters go through {@link RsyncdParameters}, the mapping {@code rsyncd.conf} uses too.
 */
final class RsyncdReader {
  private static final Set<String> SERVER_KEYS = Set.of("address", "port", "motd_file", "modules");
  private static final Set<String> MODULE_ONLY = Set.of("path", "mirror");

  /** The published generation's link in a target that keeps generations (core's layout). */
  private static final String CURRENT = "current";

  private final Path dir;
  private final BiFunction<List<String>, String, ConfigException> fail;

  private RsyncdReader(Path dir, BiFunction<List<String>, String, ConfigException> fail) {
    this.dir = dir;
    this.fail = fail;
  }

  /** The section of {@code table} ({@code [rsyncd]}), or null when there is none. */
  static @Nullable RsyncdSection read(
      @Nullable Object table,
      List<MirrorDefinition> mirrors,
      Path dir,
      BiFunction<List<String>, String, ConfigException> fail) {
    if (table == null) {
      return null;
    }
    return new RsyncdReader(dir, fail).section(table, mirrors);
  }

  private RsyncdSection section(Object value, List<MirrorDefinition> mirrors) {
    List<String> at = List.of("rsyncd");
    if (!(value instanceof TomlTable t)) {
      throw fail.apply(at, "must be a table: [rsyncd]");
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    for (String key : t.keySet()) {
      if (SERVER_KEYS.contains(key)) {
        continue;
      }
      parameter(key(at, key), key, true);
      defaults.put(key, t.get(List.of(key)));
    }
    String address = "0.0.0.0";
    Object a = t.get(List.of("address"));
    if (a != null) {
      if (!(a instanceof String s) || s.isBlank()) {
        throw fail.apply(key(at, "address"), "must be an address or host name, not " + a);
      }
      address = s;
    }
    int port = 873;
    Object p = t.get(List.of("port"));
    if (p != null) {
      if (!(p instanceof Long n) || n < 0 || n > 65535) {
        throw fail.apply(key(at, "port"), "must be a port number from 0 to 65535, not " + p);
      }
      port = Math.toIntExact(n);
    }
    Path motdFile = null;
    String motd = null;
    Object m = t.get(List.of("motd_file"));
    if (m != null) {
      if (!(m instanceof String s)) {
        throw fail.apply(key(at, "motd_file"), "must be a file name, not " + m);
      }
      motdFile = dir.resolve(s);
      try {
        motd = Files.readString(motdFile, UTF_8);
      } catch (IOException e) {
        throw fail.apply(key(at, "motd_file"), "cannot read " + motdFile + ": " + e);
      }
    }
    Object all = t.get(List.of("modules"));
    List<RsyncdModule> modules = new ArrayList<>();
    Map<String, String> served = new LinkedHashMap<>();
    if (all != null) {
      if (!(all instanceof TomlTable mt)) {
        throw fail.apply(key(at, "modules"), "must be tables: [rsyncd.modules.NAME]");
      }
      for (String name : mt.keySet()) {
        modules.add(module(name, mt.get(List.of(name)), defaults, mirrors, served));
      }
    }
    if (modules.isEmpty()) {
      throw fail.apply(at, "serves no module: add [rsyncd.modules.NAME] with path or mirror");
    }
    return new RsyncdSection(address, port, motdFile, motd, modules, served);
  }

  private RsyncdModule module(
      String name,
      Object value,
      Map<String, Object> defaults,
      List<MirrorDefinition> mirrors,
      Map<String, String> served) {
    List<String> at = List.of("rsyncd", "modules", name);
    if (!(value instanceof TomlTable t)) {
      throw fail.apply(at, "must be a table: [rsyncd.modules." + name + "]");
    }
    for (String key : t.keySet()) {
      if (!MODULE_ONLY.contains(key)) {
        parameter(key(at, key), key, false);
      }
    }
    Object path = t.get(List.of("path"));
    Object mirror = t.get(List.of("mirror"));
    if ((path == null) == (mirror == null)) {
      throw fail.apply(at, "give exactly one of path (a directory) and mirror (a mirror's name)");
    }
    RsyncdModule.Builder b;
    try {
      if (path != null) {
        if (!(path instanceof String s)) {
          throw fail.apply(key(at, "path"), "must be a directory, not " + path);
        }
        b = RsyncdModule.builder(name, dir.resolve(s));
      } else {
        MirrorDefinition def = mirror(at, mirror, mirrors);
        served.put(name, def.name());
        b = RsyncdModule.builder(name, def.target().resolve(CURRENT)).requireDirectory(false);
      }
    } catch (IllegalArgumentException e) {
      throw e instanceof ConfigException c ? c : fail.apply(at, e.getMessage());
    }
    Map<String, Object> params = new LinkedHashMap<>(defaults);
    for (String key : t.keySet()) {
      if (!MODULE_ONLY.contains(key)) {
        params.put(key, t.get(List.of(key)));
      }
    }
    for (Map.Entry<String, Object> e : params.entrySet()) {
      List<String> where =
          t.get(List.of(e.getKey())) != null
              ? key(at, e.getKey())
              : key(List.of("rsyncd"), e.getKey());
      try {
        RsyncdParameters.apply(b, e.getKey(), value(e.getKey(), e.getValue()), dir);
      } catch (IllegalArgumentException ex) {
        throw fail.apply(where, ex.getMessage());
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw fail.apply(at, e.getMessage());
    }
  }

  private MirrorDefinition mirror(List<String> at, Object name, List<MirrorDefinition> mirrors) {
    MirrorDefinition def =
        mirrors.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    if (def == null) {
      throw fail.apply(
          key(at, "mirror"),
          "'"
              + name
              + "' is not a mirror of this config; known: "
              + new TreeSet<>(mirrors.stream().map(MirrorDefinition::name).toList()));
    }
    int generations = def.options(List.of()).build().generations();
    if (generations < 2) {
      throw fail.apply(
          key(at, "mirror"),
          "mirror '"
              + def.name()
              + "' keeps "
              + (generations == 0 ? "no generations" : "1 generation")
              + ": a served mirror needs generations = 2 or more in [mirrors."
              + def.name()
              + "], so that each connection serves one published generation while the next is"
              + " built; or serve its directory as it is with path = \""
              + def.target()
              + "\"");
    }
    return def;
  }

  /** Checks a key's name: a module parameter (or, in a module, path and mirror). */
  private void parameter(List<String> key, String name, boolean global) {
    if (!name.equals(name.toLowerCase(java.util.Locale.ROOT)) || name.contains(" ")) {
      throw fail.apply(key, "keys are lower case with underscores: " + underscored(name));
    }
    if (global && MODULE_ONLY.contains(name)) {
      throw fail.apply(key, name + " belongs to a module: [rsyncd.modules.NAME]");
    }
    if (!RsyncdParameters.MODULE.contains(RsyncdParameters.normalise(name))) {
      Set<String> known = new TreeSet<>();
      RsyncdParameters.MODULE.forEach(k -> known.add(underscored(k)));
      known.addAll(global ? SERVER_KEYS : MODULE_ONLY);
      throw fail.apply(key, "unknown key; known: " + String.join(", ", known));
    }
  }

  /** A TOML value as {@link RsyncdParameters} takes it; a timeout may be a duration. */
  private static Object value(String name, Object value) {
    if (value instanceof TomlArray a) {
      return a.toList();
    }
    if (name.equals("timeout") && value instanceof String s && !s.strip().matches("\\d+")) {
      return Durations.parse(s).toSeconds();
    }
    return value;
  }

  private static String underscored(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
  }

  private static List<String> key(List<String> at, String key) {
    List<String> k = new ArrayList<>(at);
    k.add(key);
    return k;
  }
}
