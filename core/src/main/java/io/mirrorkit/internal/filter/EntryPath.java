package io.mirrorkit.internal.filter;

import org.jspecify.annotations.Nullable;

/**
 * One relative path being matched, in {@link ByteChars} form; its ancestors are its prefixes up to
 * a {@code /}. Made once per decision so that every rule can share the conversion. Not thread-safe.
 */
public final class EntryPath {
  private final String chars;
  private @Nullable String slashPrefixed;

  /**
   * Wraps a relative path such as {@code pool/main/a.deb}.
   *
   * @param relativePath '/'-separated, no leading or trailing '/'
   */
  public EntryPath(String relativePath) {
    this.chars = ByteChars.of(relativePath);
  }

  /** The path in {@link ByteChars} form. */
  String chars() {
    return chars;
  }

  /** {@code "/" + chars()}, made on first use. */
  String slashPrefixed() {
    String prefixed = slashPrefixed;
    if (prefixed == null) {
      prefixed = "/" + chars;
      slashPrefixed = prefixed;
    }
    return prefixed;
  }

  /** The length of the whole path, the end of the entry itself. */
  public int end() {
    return chars.length();
  }

  /**
   * The end of the first ancestor directory whose end is above {@code after}, or -1 if none: start
   * with {@code nextAncestorEnd(-1)}, continue with {@code nextAncestorEnd(previous)}.
   */
  public int nextAncestorEnd(int after) {
    return chars.indexOf('/', after + 1);
  }
}
