package io.mirrorkit.examples.cli;

/** Placeholder. */
public final class MirrorkitCli {
  private MirrorkitCli() {}

  public static void main(String[] args) {}
}
