package io.mirrorkit.internal;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The message for a URI scheme no installed transport serves: what is installed, what is meant. */
public final class Schemes {
  /** The artifact that serves each scheme mirrorkit ships a transport for. */
  private static final Map<String, String> ARTIFACTS =
      Map.ofEntries(
          Map.entry("rsync", "mirrorkit-transport-rsync"),
          Map.entry("http", "mirrorkit-transport-http"),
          Map.entry("https", "mirrorkit-transport-http"),
          Map.entry("ftp", "mirrorkit-transport-ftp"),
          Map.entry("ftps", "mirrorkit-transport-ftp"),
          Map.entry("git", "mirrorkit-transport-git"),
          Map.entry("git+https", "mirrorkit-transport-git"),
          Map.entry("git+http", "mirrorkit-transport-git"),
          Map.entry("git+file", "mirrorkit-transport-git"),
          Map.entry("file", "mirrorkit-core"));

  private Schemes() {}

  /**
   * Why {@code scheme} cannot be synced from: the installed schemes, and either the artifact that
   * would serve it or the closest scheme ({@code rsnyc}: did you mean {@code rsync://}?).
   */
  public static String unknown(String scheme, Set<String> installed) {
    String artifact = ARTIFACTS.get(scheme);
    String hint;
    if (artifact != null) {
      hint = "; add the artifact io.mirrorkit:" + artifact + " to the class path for " + scheme;
    } else {
      String closest = closest(scheme, installed);
      if (closest == null) {
        closest = closest(scheme, ARTIFACTS.keySet());
      }
      hint = closest == null ? "" : "; did you mean " + closest + "://?";
    }
    return "unknown URI scheme '"
        + scheme
        + "://': mirrorkit syncs from "
        + (installed.isEmpty() ? "(nothing installed)" : String.join("://, ", installed) + "://")
        + hint;
  }

  /** The candidate nearest to {@code scheme}, if it is near enough to be a typo. */
  static @Nullable String closest(String scheme, Set<String> candidates) {
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String candidate : new java.util.TreeSet<>(candidates)) {
      int d = distance(scheme, candidate);
      if (d < best) {
        best = d;
        closest = candidate;
      }
    }
    return closest != null && best <= Math.max(1, scheme.length() / 2) ? closest : null;
  }

  /** The optimal string alignment distance: edits, with a swap of neighbours as one. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
