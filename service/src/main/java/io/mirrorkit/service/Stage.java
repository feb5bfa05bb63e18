package io.mirrorkit.service;

/**
 * Which stages a run syncs (ftpsync's two stages). Stage 1 brings everything but the metadata (the
 * {@code last} globs and the preset's files) and deletes nothing, so the old metadata and every
 * file it names stay in place; stage 2 brings everything, publishes the metadata last and deletes.
 */
public enum Stage {
  /** Stage 1 only: data without metadata, no deletes; writes the {@code -stage1} trace. */
  ONE,
  /** Stage 2 only: everything, with deletes. */
  TWO,
  /** Stage 1, then (after waiting out an update of the upstream) stage 2. */
  ALL;

  /** Reads {@code 1}, {@code 2} or {@code all}. */
  public static Stage parse(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "1", "stage1" -> ONE;
      case "2", "stage2" -> TWO;
      case "all" -> ALL;
      default ->
          throw new IllegalArgumentException("'" + text + "' is not a stage: give 1, 2 or all");
    };
  }

  /** How the config and the API spell it: {@code 1}, {@code 2}, {@code all}. */
  public String label() {
    return switch (this) {
      case ONE -> "1";
      case TWO -> "2";
      case ALL -> "all";
    };
  }
}
