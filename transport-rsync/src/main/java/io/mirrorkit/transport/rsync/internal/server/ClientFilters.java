package io.mirrorkit.transport.rsync.internal.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.FilterRules;
import io.mirrorkit.ProtocolException;
import io.mirrorkit.transport.rsync.internal.wire.WireInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The filter rules a receiving client sends before the file list (exclude.c recv_filter_list at
 * protocol 29+): int32 length and rule text, ended by a length of 0. Rules that concern the sender
 * ({@code -}, {@code +}, {@code H}, {@code S}, with the {@code p}/{@code s} modifiers) become core
 * {@link FilterRules}; receiver-only rules ({@code P}, {@code R}, the {@code r} modifier) are
 * skipped; merge files and other modifiers are refused.
 */
final class ClientFilters {
  static final int MAX_RULE_BYTES = 4096;
  static final int MAX_RULES = 10_000;

  private ClientFilters() {}

  /** Reads the list; the rules as core understands them (module filters are kept apart). */
  static List<String> read(WireInput in) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int n = 0; ; n++) {
      int len = in.readInt("the length of a filter rule");
      if (len == 0) {
        return lines;
      }
      if (len < 0 || len > MAX_RULE_BYTES || n >= MAX_RULES) {
        throw new ProtocolException(
            "the client sent a filter rule of "
                + len
                + " bytes (rule #"
                + n
                + "); at most "
                + MAX_RULES
                + " rules of "
                + MAX_RULE_BYTES
                + " bytes are accepted");
      }
      lines.add(new String(in.readBytes(len, "a filter rule"), UTF_8));
    }
  }

  /**
   * The rules as core {@link FilterRules}.
   *
   * @throws IllegalArgumentException naming a rule the server cannot apply
   */
  static FilterRules toRules(List<String> lines) {
    List<String> core = new ArrayList<>();
    for (String line : lines) {
      if (line.equals("!")) {
        core.add("!");
        continue;
      }
      int space = line.indexOf(' ');
      int underscore = line.indexOf('_');
      int cut = space >= 0 ? space : underscore;
      if (cut <= 0) {
        throw new IllegalArgumentException("unsupported filter rule \"" + line + "\"");
      }
      String head = line.substring(0, cut);
      String pattern = line.substring(cut + 1);
      char kind = head.charAt(0);
      String modifiers = head.substring(1);
      if (kind == 'P' || kind == 'R' || modifiers.contains("r")) {
        continue; // the receiver's business
      }
      for (char m : modifiers.toCharArray()) {
        if (m != 'p' && m != 's') {
          throw new IllegalArgumentException(
              "unsupported filter rule modifier '" + m + "' in \"" + line + "\"");
        }
      }
      switch (kind) {
        case '-', 'H' -> core.add("- " + pattern);
        case '+', 'S' -> core.add("+ " + pattern);
        default -> throw new IllegalArgumentException("unsupported filter rule \"" + line + "\"");
      }
    }
    return FilterRules.builder().rules(core).build();
  }
}
