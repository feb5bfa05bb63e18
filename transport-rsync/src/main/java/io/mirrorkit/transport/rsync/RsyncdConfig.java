package io.mirrorkit.transport.rsync;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An {@code rsyncd.conf} read into an {@link RsyncServer} configuration: the global section ({@code
 * port}, {@code address}, {@code motd file}, and module parameters that every module inherits) and
 * one {@code [module]} section per module, with the parameters {@link RsyncdModule} implements.
 * Parameters rsync knows that mirrorkit does not implement, and unknown ones, are ignored with a
 * warning naming the file and line; {@code use chroot}, {@code uid}, {@code gid}, {@code pid file},
 * {@code lock file} and logging parameters are accepted quietly (mirrorkit never leaves a module's
 * path and logs through SLF4J).
 *
 * <pre>{@code
 * RsyncdConfig config = RsyncdConfig.read(Path.of("/etc/rsyncd.conf"));
 * config.warnings().forEach(System.err::println);
 * try (RsyncServer server = config.serverBuilder().build().start()) { ... }
 * }</pre>
 *
 * <p>Immutable.
 */
public final class RsyncdConfig {
  private static final Set<String> QUIET =
      Set.of(
          "use chroot",
          "uid",
          "gid",
          "pid file",
          "lock file",
          "log file",
          "syslog facility",
          "syslog tag",
          "transfer logging",
          "log format",
          "daemon chroot",
          "daemon uid",
          "daemon gid",
          "numeric ids",
          "reverse lookup",
          "forward lookup",
          "ignore errors",
          "ignore nonreadable",
          "charset",
          "max verbosity",
          "socket options",
          "listen backlog",
          "write only",
          "fake super",
          "open noatime");

  private final int port;
  private final @Nullable String address;
  private final @Nullable String motd;
  private final List<RsyncdModule> modules;
  private final List<String> warnings;

  private RsyncdConfig(
      int port,
      @Nullable String address,
      @Nullable String motd,
      List<RsyncdModule> modules,
      List<String> warnings) {
    this.port = port;
    this.address = address;
    this.motd = motd;
    this.modules = List.copyOf(modules);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Reads a configuration file.
   *
   * @throws IOException if it, or its motd file, cannot be read
   * @throws IllegalArgumentException naming the file and line of a bad value or a module without a
   *     usable path
   */
  public static RsyncdConfig read(Path file) throws IOException {
    return parse(
        Files.readAllLines(file, UTF_8), file.toString(), file.toAbsolutePath().getParent());
  }

  /** Parses configuration text; relative paths resolve against {@code base}. */
  public static RsyncdConfig parse(List<String> lines, String source, @Nullable Path base)
      throws IOException {
    Map<String, Param> global = new LinkedHashMap<>();
    Map<String, Map<String, Param>> sections = new LinkedHashMap<>();
    Map<String, Integer> sectionLines = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    Map<String, Param> current = global;
    StringBuilder pending = new StringBuilder();
    int pendingLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      if (pending.isEmpty()) {
        pendingLine = i + 1;
      }
      if (raw.endsWith("\\")) {
        pending.append(raw, 0, raw.length() - 1);
        continue;
      }
      String line = pending.append(raw).toString().strip();
      pending.setLength(0);
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String where = source + ":" + pendingLine;
      if (line.startsWith("[")) {
        int end = line.indexOf(']');
        if (end < 0) {
          throw new IllegalArgumentException(where + ": a section header needs a closing ]");
        }
        String name = line.substring(1, end).strip();
        if (name.equalsIgnoreCase("global")) {
          current = global;
          continue;
        }
        current = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
        sectionLines.putIfAbsent(name, pendingLine);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        warnings.add(where + ": ignoring a line that is not \"name = value\": " + line);
        continue;
      }
      String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      key = key.replace("_", " ");
      current.put(key, new Param(line.substring(eq + 1).strip(), where));
    }
    int port = 873;
    String address = null;
    String motd = null;
    Map<String, Param> inherited = new LinkedHashMap<>();
    for (Map.Entry<String, Param> e : global.entrySet()) {
      Param p = e.getValue();
      switch (e.getKey()) {
        case "port" -> port = integer(p, 0, 65535);
        case "address" -> address = p.value();
        case "motd file" -> {
          Path f = resolve(base, p.value());
          motd = Files.readString(f, UTF_8);
        }
        default -> inherited.put(e.getKey(), p);
      }
    }
    List<RsyncdModule> modules = new ArrayList<>();
    for (Map.Entry<String, Map<String, Param>> s : sections.entrySet()) {
      Map<String, Param> params = new LinkedHashMap<>(inherited);
      params.putAll(s.getValue());
      modules.add(
          module(s.getKey(), source + ":" + sectionLines.get(s.getKey()), params, base, warnings));
    }
    return new RsyncdConfig(port, address, motd, modules, warnings);
  }

  private record Param(String value, String where) {}

  private static RsyncdModule module(
      String name,
      String where,
      Map<String, Param> params,
      @Nullable Path base,
      List<String> warnings) {
    Param path = params.get("path");
    if (path == null) {
      throw new IllegalArgumentException(where + ": module [" + name + "] has no path");
    }
    RsyncdModule.Builder b;
    try {
      b = RsyncdModule.builder(name, resolve(base, path.value()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    for (Map.Entry<String, Param> e : params.entrySet()) {
      Param p = e.getValue();
      String v = p.value();
      try {
        switch (e.getKey()) {
          case "path" -> {}
          case "comment" -> b.comment(v);
          case "list" -> b.list(bool(p));
          case "read only" -> b.readOnly(bool(p));
          case "auth users" -> b.authUsers(words(v).toArray(String[]::new));
          case "secrets file" -> b.secretsFile(resolve(base, v));
          case "strict modes" -> b.strictModes(bool(p));
          case "hosts allow" -> b.hostsAllow(words(v).toArray(String[]::new));
          case "hosts deny" -> b.hostsDeny(words(v).toArray(String[]::new));
          case "max connections" -> b.maxConnections(integer(p, 0, Integer.MAX_VALUE));
          case "timeout" -> b.timeout(Duration.ofSeconds(integer(p, 0, Integer.MAX_VALUE)));
          case "refuse options" -> b.refuseOptions(words(v).toArray(String[]::new));
          case "exclude" -> words(v).forEach(b::exclude);
          case "include" -> words(v).forEach(b::include);
          case "filter" -> filterRules(v).forEach(b::filter);
          case "dont compress" -> b.dontCompress(words(v).toArray(String[]::new));
          default -> {
            if (!QUIET.contains(e.getKey())) {
              warnings.add(
                  p.where()
                      + ": parameter \""
                      + e.getKey()
                      + "\" is not supported by mirrorkit's rsync server; ignored");
            }
          }
        }
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(p.where() + ": " + ex.getMessage(), ex);
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** {@code filter = - *.tmp + keep/ - *}: rule prefixes followed by their pattern. */
  private static List<String> filterRules(String value) {
    List<String> words = words(value);
    List<String> rules = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if ((w.equals("-") || w.equals("+")) && i + 1 < words.size()) {
        rules.add(w + " " + words.get(++i));
      } else if (w.equals("!")) {
        rules.add("!");
      } else {
        throw new IllegalArgumentException("unsupported filter rule \"" + w + "\"");
      }
    }
    return rules;
  }

  private static Path resolve(@Nullable Path base, String value) {
    Path p = Path.of(value);
    return p.isAbsolute() || base == null ? p : base.resolve(p);
  }

  private static List<String> words(String v) {
    return java.util.Arrays.stream(v.split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
  }

  private static boolean bool(Param p) {
    return switch (p.value().toLowerCase(Locale.ROOT)) {
      case "yes", "true", "1", "on" -> true;
      case "no", "false", "0", "off" -> false;
      default ->
          throw new IllegalArgumentException("expected yes or no, got \"" + p.value() + "\"");
    };
  }

  private static int integer(Param p, int min, int max) {
    try {
      int v = Integer.parseInt(p.value());
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          p.where()
              + ": expected a number from "
              + min
              + " to "
              + max
              + ", got \""
              + p.value()
              + "\"");
    }
  }

  /** The {@code port} of the global section (873 if unset). */
  public int port() {
    return port;
  }

  /** The {@code address} of the global section, or null for all addresses. */
  public @Nullable String address() {
    return address;
  }

  /** The text of the {@code motd file}, or null. */
  public @Nullable String motd() {
    return motd;
  }

  /** The modules in file order. */
  public List<RsyncdModule> modules() {
    return modules;
  }

  /** What was ignored, each naming its file and line. */
  public List<String> warnings() {
    return warnings;
  }

  /** A server builder with this configuration's address, port, motd and modules. */
  public RsyncServer.Builder serverBuilder() {
    RsyncServer.Builder b = RsyncServer.builder().port(port).motd(motd);
    if (address != null) {
      b.address(address);
    }
    modules.forEach(b::module);
    return b;
  }
}
