package io.mirrorkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which part of a repository to mirror, as a {@link RepositoryFormat} reads it. An empty list means
 * "all that the metadata offers" (all components of a Debian release, all architectures); what each
 * field means to a format is in that format's documentation.
 *
 * @param dists Debian distributions ({@code bookworm}, {@code stable-updates}); Arch repository
 *     names ({@code core}); unused by RPM
 * @param components Debian components ({@code main}, {@code contrib})
 * @param architectures architectures ({@code amd64}, {@code x86_64}); Debian's {@code all}, RPM's
 *     {@code noarch} and Arch's {@code any} always come with any selected architecture
 * @param platforms H-Sphere platforms for {@code _pkg.xml} ({@code RHES4}); {@code ANY} entries
 *     always come
 * @param sources whether source packages are mirrored too (Debian {@code Sources}, RPM {@code src})
 * @param lists the package lists or descriptors a list format reads ({@code pkglist}, {@code
 *     _pkg.xml}), paths relative to the repository
 */
public record Selection(
    List<String> dists,
    List<String> components,
    List<String> architectures,
    List<String> platforms,
    boolean sources,
    List<String> lists) {
  private static final Selection ALL =
      new Selection(List.of(), List.of(), List.of(), List.of(), false, List.of());

  public Selection {
    dists = List.copyOf(dists);
    components = List.copyOf(components);
    architectures = List.copyOf(architectures);
    platforms = List.copyOf(platforms);
    lists = List.copyOf(lists);
  }

  /** Everything the metadata offers, without sources. */
  public static Selection all() {
    return ALL;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code arch} is selected: listed, or no architecture was named. */
  public boolean includesArchitecture(String arch) {
    return architectures.isEmpty() || architectures.contains(arch);
  }

  /** Whether {@code component} is selected: listed, or no component was named. */
  public boolean includesComponent(String component) {
    return components.isEmpty() || components.contains(component);
  }

  /** Whether {@code platform} is selected ({@code ANY} always is). */
  public boolean includesPlatform(String platform) {
    return platform.toUpperCase(Locale.ROOT).equals("ANY")
        || platforms.isEmpty()
        || platforms.stream().anyMatch(p -> p.equalsIgnoreCase(platform));
  }

  /** Builds a selection; comma-separated values are split ({@code "amd64,arm64"}). */
  public static final class Builder {
    private final List<String> dists = new ArrayList<>();
    private final List<String> components = new ArrayList<>();
    private final List<String> architectures = new ArrayList<>();
    private final List<String> platforms = new ArrayList<>();
    private final List<String> lists = new ArrayList<>();
    private boolean sources;

    private Builder() {}

    public Builder dist(String... values) {
      return add(dists, values);
    }

    public Builder component(String... values) {
      return add(components, values);
    }

    public Builder architecture(String... values) {
      return add(architectures, values);
    }

    public Builder platform(String... values) {
      return add(platforms, values);
    }

    /** Adds package lists or descriptors (not split at commas: these are paths). */
    public Builder list(String... paths) {
      for (String p : paths) {
        if (p.isBlank()) {
          throw new IllegalArgumentException("an empty package list path");
        }
        lists.add(p);
      }
      return this;
    }

    public Builder sources(boolean value) {
      this.sources = value;
      return this;
    }

    private Builder add(List<String> to, String... values) {
      for (String v : values) {
        for (String part : v.split(",", -1)) {
          String s = part.strip();
          if (s.isEmpty() || s.contains("/") || s.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                "bad selection value \""
                    + v
                    + "\": names without spaces or slashes, comma-separated");
          }
          if (!to.contains(s)) {
            to.add(s);
          }
        }
      }
      return this;
    }

    public Selection build() {
      return new Selection(dists, components, architectures, platforms, sources, lists);
    }
  }
}
