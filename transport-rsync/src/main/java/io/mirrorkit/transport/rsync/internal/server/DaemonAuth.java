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
import java.util.Map;
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
   * Checks a response line; returns null when the user is let in, else the reason (for the log,
   * never for the client).
   */
  static @Nullable String check(RsyncdModule module, String digest, String challenge, String line) {
    int space = line.indexOf(' ');
    if (space <= 0) {
      return "invalid challenge response";
    }
    String user = line.substring(0, space);
    String response = line.substring(space + 1);
    String rule = null;
    for (String r : module.authUsers()) {
      String pattern = r;
      int colon = r.indexOf(':');
      if (colon >= 0) {
        pattern = r.substring(0, colon);
      }
      if (!pattern.startsWith("@") && Glob.matches(pattern, user)) {
        rule = r;
        break;
      }
    }
    if (rule == null) {
      return "no matching rule";
    }
    if (rule.toLowerCase(java.util.Locale.ROOT).endsWith(":deny")) {
      return "denied by rule";
    }
    Path secrets = module.secretsFile();
    if (secrets == null) {
      return "no secrets file";
    }
    String password;
    try {
      String problem = strictModesProblem(module, secrets);
      if (problem != null) {
        return problem;
      }
      password = readSecrets(secrets).get(user);
    } catch (IOException e) {
      return "cannot read the secrets file " + secrets + ": " + e.getMessage();
    }
    if (password == null) {
      return "no secret for user";
    }
    String expected = base64(hash(digest, (password + challenge).getBytes(UTF_8)));
    if (!MessageDigest.isEqual(expected.getBytes(UTF_8), response.getBytes(UTF_8))) {
      return "password mismatch";
    }
    return null;
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

  /** The {@code user:password} lines (comments with {@code #}; {@code @group} lines skipped). */
  static Map<String, String> readSecrets(Path file) throws IOException {
    Map<String, String> out = new java.util.HashMap<>();
    for (String raw : Files.readAllLines(file, UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.startsWith("@")) {
        continue;
      }
      out.putIfAbsent(line.substring(0, colon), raw.substring(raw.indexOf(':') + 1));
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
