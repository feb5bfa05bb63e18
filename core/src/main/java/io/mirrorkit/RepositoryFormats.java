package io.mirrorkit;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/** Finds {@link RepositoryFormat}s by name through {@link ServiceLoader}. */
public final class RepositoryFormats {
  private RepositoryFormats() {}

  /**
   * The format named {@code name}.
   *
   * @param loader where to look, or null for this class's loader
   * @throws IllegalArgumentException if none has that name; the message names those there are
   */
  public static RepositoryFormat find(String name, @Nullable ClassLoader loader) {
    List<String> names = new ArrayList<>();
    for (RepositoryFormat f : load(loader)) {
      if (f.name().equals(name)) {
        return f;
      }
      names.add(f.name());
    }
    throw new IllegalArgumentException(
        "no repository format \""
            + name
            + "\""
            + (names.isEmpty()
                ? "; add io.mirrorkit:mirrorkit-formats to the class path (deb, rpm, arch, pkglist,"
                    + " pkgxml)"
                : "; known: " + String.join(", ", names)));
  }

  /** The names of the formats {@code loader} finds. */
  public static List<String> names(@Nullable ClassLoader loader) {
    List<String> names = new ArrayList<>();
    load(loader).forEach(f -> names.add(f.name()));
    return names;
  }

  private static ServiceLoader<RepositoryFormat> load(@Nullable ClassLoader loader) {
    return ServiceLoader.load(
        RepositoryFormat.class, loader != null ? loader : RepositoryFormats.class.getClassLoader());
  }
}
