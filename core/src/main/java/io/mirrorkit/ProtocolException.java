package io.mirrorkit;

import java.io.IOException;

/** The upstream broke its protocol: the message says what was expected and what came. */
public class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
