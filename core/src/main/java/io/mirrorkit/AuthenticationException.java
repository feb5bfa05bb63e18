package io.mirrorkit;

import java.io.IOException;

/** The upstream refused the credentials (or asked for some and none were given). */
public class AuthenticationException extends IOException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }
}
