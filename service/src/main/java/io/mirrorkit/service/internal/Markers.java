package io.mirrorkit.service.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an upstream marker says about the upstream's version, as a short key compared with the key
 * of the last good sync: a Debian trace's {@code Archive serial:} (as ftpsync-cron compares), an
 * RPM {@code repomd.xml}'s {@code <revision>} (else its newest {@code <timestamp>}), Arch's {@code
 * lastupdate} epoch, and for anything else ({@code CURRENT}) the SHA-256 of the content.
 */
public final class Markers {
  private static final Pattern SERIAL = Pattern.compile("(?m)^Archive serial:\\s*(\\S+)\\s*$");
  private static final Pattern REVISION =
      Pattern.compile("<revision>\\s*([^<\\s]+)\\s*</revision>");
  private static final Pattern TIMESTAMP = Pattern.compile("<timestamp>\\s*(\\d+)\\s*</timestamp>");

  private Markers() {}

  /** The key of the marker at {@code path} with {@code content}. */
  public static String key(String path, byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (path.startsWith("project/trace/") || path.contains("/project/trace/")) {
      Matcher m = SERIAL.matcher(text);
      if (m.find()) {
        return "serial:" + m.group(1);
      }
    } else if (name.equals("repomd.xml")) {
      Matcher m = REVISION.matcher(text);
      if (m.find()) {
        return "revision:" + m.group(1);
      }
      long newest = -1;
      Matcher t = TIMESTAMP.matcher(text);
      while (t.find()) {
        newest = Math.max(newest, Long.parseLong(t.group(1)));
      }
      if (newest >= 0) {
        return "timestamp:" + newest;
      }
    } else if (name.equals("lastupdate") && text.trim().matches("\\d+")) {
      return "lastupdate:" + text.trim();
    }
    return "sha256:" + sha256(content);
  }

  /** The {@code Archive serial:} of a trace, or null. */
  public static String serial(String trace) {
    Matcher m = SERIAL.matcher(trace);
    return m.find() ? m.group(1) : null;
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
