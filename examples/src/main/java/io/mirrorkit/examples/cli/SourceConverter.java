package io.mirrorkit.examples.cli;

import io.mirrorkit.Repository;
import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads SOURCE: a URI ({@code rsync://}, {@code https://}, {@code ftp://}, {@code git://}, {@code
 * file:///}) or a plain local directory path, which becomes a {@code file://} repository.
 */
final class SourceConverter implements ITypeConverter<Repository> {
  /** The help text of SOURCE. */
  static final String DESCRIPTION =
      "The upstream: a URI such as rsync://host/module/ or file:///srv/repo (also http, https"
          + " and ftp; for a git repository git, git+https, git+file, or https with --git), or a"
          + " local directory.";

  private static final Pattern URI_START = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

  @Override
  public Repository convert(String value) {
    try {
      return URI_START.matcher(value).find() ? Repository.of(value) : Repository.of(Path.of(value));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
