package io.mirrorkit.examples.cli;

import io.mirrorkit.Repository;
import io.mirrorkit.spi.TransportProvider;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads SOURCE: a URI ({@code rsync://}, {@code https://}, {@code ftp://}, {@code git://}, {@code
 * file:///}) or a plain local directory path, which becomes a {@code file://} repository.
 *
 * <p>A URI whose scheme no installed transport serves is refused here, before anything else, with
 * the installed schemes and the closest one ({@code rsnyc://}: did you mean {@code rsync://}?).
 */
final class SourceConverter implements ITypeConverter<Repository> {
  /** The help text of SOURCE. */
  static final String DESCRIPTION =
      "The upstream: a URI such as rsync://host/module/ or file:///srv/repo (also http, https"
          + " and ftp; for a git repository git, git+https, git+file, or https with --git), or a"
          + " local directory.";

  private static final Pattern URI_START = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");

  @Override
  public Repository convert(String value) {
    Matcher uri = URI_START.matcher(value);
    try {
      if (!uri.find()) {
        return Repository.of(Path.of(value));
      }
      checkScheme(uri.group(1).toLowerCase(Locale.ROOT), installedSchemes());
      return Repository.of(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** The schemes mirrorkit can sync from: those of the transports on the class path. */
  static Set<String> installedSchemes() {
    Set<String> schemes = new TreeSet<>();
    for (TransportProvider p : ServiceLoader.load(TransportProvider.class)) {
      p.schemes().forEach(s -> schemes.add(s.toLowerCase(Locale.ROOT)));
    }
    return schemes;
  }

  /**
   * @throws IllegalArgumentException naming the installed schemes and the closest one if {@code
   *     scheme} is not among {@code installed}
   */
  static void checkScheme(String scheme, Set<String> installed) {
    if (!installed.contains(scheme)) {
      throw new IllegalArgumentException(
          io.mirrorkit.internal.Schemes.unknown(scheme, new java.util.TreeSet<>(installed)));
    }
  }
}
