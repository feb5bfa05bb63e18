package io.mirrorkit.transport.rsync;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An {@code rsyncd.conf} read into an {@link RsyncServer} configuration: the global section ({@code
 * port}, {@code address}, {@code motd file}, and module parameters that the modules after it
 * inherit), one {@code [module]} section per module with the parameters {@link RsyncdParameters}
 * maps, and the directives {@code &merge} (a file, or a directory's {@code *.inc} files, read in
 * place) and {@code &include} (a file, or a directory's {@code *.conf} files, each read from the
 * global section with the defaults of that point, which are restored after it), as rsync reads
 * them. Parameters rsync knows that mirrorkit does not implement, and unknown ones, are ignored
 * with a warning naming the file and line; {@code use chroot}, {@code uid}, {@code gid}, {@code pid
 * file}, {@code lock file} and logging parameters are accepted quietly (mirrorkit never leaves a
 * module's path and logs through SLF4J).
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

  /**
   * Parses configuration text; relative paths (module paths, files, and the targets of {@code
   * &include} and {@code &merge}) resolve against {@code base}.
   */
  public static RsyncdConfig parse(List<String> lines, String source, @Nullable Path base)
      throws IOException {
    Reader r = new Reader(base);
    r.read(lines, source, 0);
    int port = 873;
    String address = null;
    String motd = null;
    for (Map.Entry<String, Param> e : r.defaults.entrySet()) {
      Param p = e.getValue();
      switch (e.getKey()) {
        case "port" -> port = integer(p, 0, 65535);
        case "address" -> address = p.value();
        case "motd file" -> motd = Files.readString(RsyncdParameters.path(base, p.value()), UTF_8);
        default -> {}
      }
    }
    List<RsyncdModule> modules = new ArrayList<>();
    for (Map.Entry<String, Map<String, Param>> s : r.sections.entrySet()) {
      modules.add(
          module(s.getKey(), r.sectionWhere.get(s.getKey()), s.getValue(), base, r.warnings));
    }
    return new RsyncdConfig(port, address, motd, modules, r.warnings);
  }

  private record Param(String value, String where) {}

  /**
   * rsync's loadparm model: the global section sets defaults, and a module starts as a copy of the
   * defaults of the moment its section opens (loadparm.c add_a_section). {@code &merge} reads files
   * in place; {@code &include} reads each file starting in the global section with a copy of the
   * defaults, and restores them (and the global section) after it (params.c include_config).
   */
  private static final class Reader {
    private static final Set<String> GLOBAL_ONLY = Set.of("port", "address", "motd file");
    private final @Nullable Path base;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Map<String, Param>> sections = new LinkedHashMap<>();
    private final Map<String, String> sectionWhere = new LinkedHashMap<>();
    private Map<String, Param> defaults = new LinkedHashMap<>();
    private @Nullable Map<String, Param> current;

    Reader(@Nullable Path base) {
      this.base = base;
    }

    void read(List<String> lines, String source, int depth) throws IOException {
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
            current = null;
            continue;
          }
          Map<String, Param> copy = new LinkedHashMap<>(defaults);
          GLOBAL_ONLY.forEach(copy::remove);
          current = sections.computeIfAbsent(name, n -> copy);
          sectionWhere.putIfAbsent(name, where);
          continue;
        }
        if (line.startsWith("&")) {
          directive(line, where, depth);
          continue;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          warnings.add(where + ": ignoring a line that is not \"name = value\": " + line);
          continue;
        }
        String key = RsyncdParameters.normalise(line.substring(0, eq));
        Param p = new Param(line.substring(eq + 1).strip(), where);
        if (current == null) {
          defaults.put(key, p);
        } else if (GLOBAL_ONLY.contains(key)) {
          warnings.add(where + ": \"" + key + "\" is a global parameter; ignored in a module");
        } else {
          current.put(key, p);
        }
      }
    }

    private void directive(String line, String where, int depth) throws IOException {
      String[] parts = line.split("[\\s=]+", 2);
      String name = parts[0].toLowerCase(Locale.ROOT);
      if (!name.equals("&include") && !name.equals("&merge")) {
        throw new IllegalArgumentException(
            where + ": unknown directive " + parts[0] + " (rsync knows &include and &merge)");
      }
      if (parts.length < 2 || parts[1].isBlank()) {
        throw new IllegalArgumentException(where + ": " + name + " needs a file or directory");
      }
      if (depth >= 20) {
        throw new IllegalArgumentException(
            where + ": " + name + " nested more than 20 deep (does a file include itself?)");
      }
      boolean include = name.equals("&include");
      Path target = RsyncdParameters.path(base, parts[1].strip());
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(target)) {
        String suffix = include ? ".conf" : ".inc";
        try (var s = Files.list(target)) {
          s.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f))
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(target)) {
        files.add(target);
      } else {
        throw new IllegalArgumentException(
            where + ": " + name + " " + target + ": no such file or directory");
      }
      Map<String, Param> saved = new LinkedHashMap<>(defaults);
      for (Path f : files) {
        if (include) {
          defaults = new LinkedHashMap<>(saved);
          current = null;
        }
        read(Files.readAllLines(f, UTF_8), f.toString(), depth + 1);
      }
      if (include) {
        defaults = saved;
        current = null;
      }
    }
  }

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
      b = RsyncdModule.builder(name, RsyncdParameters.path(base, path.value()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    // rsync's default: munge symlinks unless the module is chrooted (clientserver.c)
    Param chroot = params.get("use chroot");
    if (chroot != null && !params.containsKey("munge symlinks")) {
      b.mungeSymlinks(!bool(chroot));
    }
    for (Map.Entry<String, Param> e : params.entrySet()) {
      Param p = e.getValue();
      String key = e.getKey();
      try {
        if (RsyncdParameters.MODULE.contains(key)) {
          RsyncdParameters.apply(b, key, p.value(), base);
        } else if (!key.equals("path") && !QUIET.contains(key)) {
          warnings.add(
              p.where()
                  + ": parameter \""
                  + key
                  + "\" is not supported by mirrorkit's rsync server; ignored");
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

  private static boolean bool(Param p) {
    return switch (p.value().toLowerCase(Locale.ROOT)) {
      case "yes", "true", "1", "on" -> true;
      case "no", "false", "0", "off" -> false;
      default ->
          throw new IllegalArgumentException(
              p.where() + ": expected yes or no, got \"" + p.value() + "\"");
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
