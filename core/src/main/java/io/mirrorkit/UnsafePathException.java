package io.mirrorkit;

import java.io.IOException;

/**
 * The upstream named a path that would lie outside the mirror or cannot be stored safely: an
 * absolute name, a {@code ..} component, a NUL, or a path that leads through a symlink. Nothing was
 * written for it.
 */
public class UnsafePathException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String name;

  /**
   * @param name the offending name as received (control characters are escaped in the message)
   * @param problem what is wrong with it
   */
  public UnsafePathException(String name, String problem) {
    super(
        "unsafe path from upstream: \""
            + Printable.escape(name, 300)
            + "\" ("
            + problem
            + "); nothing was written for it. The upstream is broken or hostile: check its"
            + " listing");
    this.name = name;
  }

  /** The offending name as received. */
  public String name() {
    return name;
  }
}
