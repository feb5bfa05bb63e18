package io.mirrorkit.transport.rsync.internal.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.transport.rsync.RsyncdModule;
import io.mirrorkit.transport.rsync.internal.checksum.Md4;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The daemon's side of rsync's challenge/response (authenticate.c auth_server): the digest is the
 * first of the client's greeting list that the server has (md5 when the client sent none), the
 * challenge is random, the response is {@code user base64(H(password ‖ challenge))} without
 * padding, checked against the module's {@code auth users} rules and its secrets file.
 */
final class DaemonAuth {
  /** The digests the server announces in its greeting, strongest first (rsync 3.2.7+). */
  static final List<String> DIGESTS = List.of("sha512", "sha256", "sha1", "md5", "md4");

  private static final SecureRandom RANDOM = new SecureRandom();

  private DaemonAuth() {}

  /** The digest both sides use, or null if the client lists none the server has. */
  static @Nullable String negotiate(@Nullable List<String> clientDigests) {
    if (clientDigests == null || clientDigests.isEmpty()) {
      return "md5";
    }
    for (String d : clientDigests) {
      if (DIGESTS.contains(d)) {
        return d;
      }
    }
    return null;
  }

  static String challenge() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return base64(b);
  }

  /**
   * The outcome of a response: why the user was refused (for the log, never for the client), or
   * null when let in; and the access the matching rule gave ({@code :ro} true, {@code :rw} false,
   * else null for the module's own {@code read only}).
   */
  record Outcome(@Nullable String refused, @Nullable Boolean readOnly) {}

  /**
   * Checks a response line (authenticate.c auth_server and check_secret): the first {@code auth
   * users} rule that matches the user decides; a {@code @group} rule matches when the user is a
   * system user in a group the rule's wildcard matches, and then the user's own secret or the
   * group's ({@code @group:password}) is accepted.
   */
  static Outcome check(RsyncdModule module, String digest, String challenge, String line) {
    int space = line.indexOf(' ');
    if (space <= 0) {
      return new Outcome("invalid challenge response", null);
    }
    String user = line.substring(0, space);
    String response = line.substring(space + 1);
    String option = null;
    String group = null;
    boolean matched = false;
    List<String> groups = null;
    for (String r : module.authUsers()) {
      String pattern = r;
      option = null;
      int colon = r.indexOf(':');
      if (colon >= 0) {
        pattern = r.substring(0, colon);
        option = r.substring(colon + 1).toLowerCase(java.util.Locale.ROOT);
      }
      if (!pattern.startsWith("@")) {
        if (Glob.matches(pattern, user)) {
          matched = true;
          break;
        }
        continue;
      }
      if (groups == null) {
        groups = SystemGroups.of(user);
      }
      for (String g : groups) {
        if (Glob.matches(pattern.substring(1), g)) {
          group = g;
          break;
        }
      }
      if (group != null) {
        matched = true;
        break;
      }
    }
    if (!matched) {
      return new Outcome("no matching rule", null);
    }
    // rsync reads only the option's first letters: "d..." deny, "ro", "rw"; others are ignored
    Boolean readOnly = null;
    if (option != null && option.startsWith("d")) {
      return new Outcome("denied by rule", null);
    } else if (option != null && option.startsWith("ro")) {
      readOnly = true;
    } else if (option != null && option.startsWith("rw")) {
      readOnly = false;
    }
    Path secrets = module.secretsFile();
    if (secrets == null) {
      return new Outcome("no secrets file", null);
    }
    if (user.startsWith("#")) {
      return new Outcome("invalid username", null);
    }
    List<String[]> entries;
    try {
      String problem = strictModesProblem(module, secrets);
      if (problem != null) {
        return new Outcome(problem, null);
      }
      entries = readSecretLines(secrets);
    } catch (IOException e) {
      return new Outcome("cannot read the secrets file " + secrets + ": " + e.getMessage(), null);
    }
    // the first line of the user and the first of the group are each tried once
    String why = "secret not found";
    boolean userTried = false;
    boolean groupTried = group == null;
    for (String[] e : entries) {
      boolean isGroup = e[0].startsWith("@");
      if (isGroup
          ? groupTried || !e[0].substring(1).equals(group)
          : userTried || !e[0].equals(user)) {
        continue;
      }
      String expected = base64(hash(digest, (e[1] + challenge).getBytes(UTF_8)));
      if (MessageDigest.isEqual(expected.getBytes(UTF_8), response.getBytes(UTF_8))) {
        return new Outcome(null, readOnly);
      }
      why = "password mismatch";
      if (isGroup) {
        groupTried = true;
      } else {
        userTried = true;
      }
    }
    return new Outcome(why, null);
  }

  private static @Nullable String strictModesProblem(RsyncdModule module, Path secrets)
      throws IOException {
    if (!module.strictModes()) {
      return null;
    }
    Object mode = Files.getAttribute(secrets, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    if (mode instanceof Integer m && (m & 06) != 0) {
      return "secrets file must not be other-accessible (see strict modes option)";
    }
    return null;
  }

  /** The {@code name:password} lines in file order ({@code #} comments skipped). */
  static List<String[]> readSecretLines(Path file) throws IOException {
    List<String[]> out = new java.util.ArrayList<>();
    for (String raw : Files.readAllLines(file, UTF_8)) {
      if (raw.startsWith("#")) {
        continue;
      }
      int colon = raw.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      out.add(new String[] {raw.substring(0, colon), raw.substring(colon + 1)});
    }
    return out;
  }

  static byte[] hash(String digest, byte[] data) {
    MessageDigest md;
    try {
      md =
          switch (digest) {
            case "sha512" -> MessageDigest.getInstance("SHA-512");
            case "sha256" -> MessageDigest.getInstance("SHA-256");
            case "sha1" -> MessageDigest.getInstance("SHA-1");
            case "md5" -> MessageDigest.getInstance("MD5");
            case "md4" -> new Md4();
            default -> throw new IllegalArgumentException("unknown digest " + digest);
          };
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return md.digest(data);
  }

  /** Base64 without padding, as rsync's base64_encode(..., pad = 0). */
  static String base64(byte[] b) {
    return Base64.getEncoder().withoutPadding().encodeToString(b);
  }
}
