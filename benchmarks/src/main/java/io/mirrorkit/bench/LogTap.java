package io.mirrorkit.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Passes {@code System.err} through, except a logger's debug lines with the negotiated setup, which
 * it keeps for {@link #setups()}.
 */
final class LogTap extends PrintStream {
  private final String logger;
  private final List<String> setups = Collections.synchronizedList(new ArrayList<>());

  /** Passes lines to {@code out}, keeping those of {@code logger} that hold a setup. */
  LogTap(PrintStream out, String logger) {
    super(out, true, StandardCharsets.UTF_8);
    this.logger = logger;
  }

  @Override
  public void println(String line) {
    if (line != null && line.contains(logger) && line.contains("Setup[")) {
      setups.add(line);
    } else {
      super.println(line);
    }
  }

  List<String> setups() {
    synchronized (setups) {
      return List.copyOf(setups);
    }
  }
}
