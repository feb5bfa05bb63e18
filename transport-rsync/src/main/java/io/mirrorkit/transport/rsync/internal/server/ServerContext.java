package io.mirrorkit.transport.rsync.internal.server;

import io.mirrorkit.FilterRules;
import io.mirrorkit.transport.rsync.RsyncdModule;
import java.nio.file.Path;

/** What a session needs of its module and server: the tree, filters, limits, fault hooks. */
final class ServerContext {
  /** One path argument resolved inside the module. */
  record Request(String relative, boolean contents, String display) {}

  private final RsyncdModule module;
  private final Path root;
  private final FilterRules moduleFilters;
  private final ServerLimits limits;
  private final ServerFaults faults;

  /**
   * A context over {@code root}, the module's path as the session resolved it once: a module whose
   * path is a symlink switched between published states (mirrorkit's generations, {@code current ->
   * .generations/N}) serves the state current when the connection started for its whole life, under
   * a {@link io.mirrorkit.GenerationLease} the session holds until it ends.
   */
  ServerContext(RsyncdModule module, Path root, ServerLimits limits, ServerFaults faults) {
    this.module = module;
    this.root = root;
    this.moduleFilters = FilterRules.builder().rules(module.filterRules()).build();
    this.limits = limits;
    this.faults = faults;
  }

  RsyncdModule module() {
    return module;
  }

  Path root() {
    return root;
  }

  FilterRules moduleFilters() {
    return moduleFilters;
  }

  ServerLimits limits() {
    return limits;
  }

  ServerFaults faults() {
    return faults;
  }

  /** A name as rsync's daemon shows it in messages: {@code "name" (in module)}. */
  String fullName(String name) {
    return "\"" + name + "\" (in " + module.name() + ")";
  }

  /** Whether the module's {@code dont compress} patterns match the file's last component. */
  boolean dontCompress(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    for (String p : module.dontCompress()) {
      if (Glob.matchesIgnoreCase(p, base)) {
        return true;
      }
    }
    return false;
  }
}
