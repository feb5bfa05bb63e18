package io.mirrorkit.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirrorkit.SyncFailedException;
import io.mirrorkit.SyncReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/** The JSON that {@code --json} prints besides core's report and plan: a failure, a skip. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /**
   * One object for a command that failed with {@code e}: {@code error} ({@code message}, {@code
   * type}), {@code exitCode}, and {@code report}, what arrived before the failure (the {@link
   * SyncFailedException}'s report), or {@code null}.
   */
  static String failure(Exception e, int exitCode) {
    ObjectNode n = MAPPER.createObjectNode();
    n.putObject("error")
        .put("message", MirrorkitCli.describe(e))
        .put("type", e.getClass().getSimpleName());
    n.put("exitCode", exitCode);
    SyncReport report =
        e instanceof SyncFailedException ? ((SyncFailedException) e).report() : null;
    n.set("report", report == null ? null : tree(report));
    return n.toString();
  }

  private static @Nullable ObjectNode tree(SyncReport report) {
    try {
      return (ObjectNode) MAPPER.readTree(report.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
