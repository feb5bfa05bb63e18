package io.mirrorkit.transport.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.internal.local.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The git mirror's state ({@code TARGET/.mirrorkit/git-state.properties}): the upstream and the ref
 * digest of the last good sync. Written atomically (temporary file, fsync, rename). Kept apart from
 * core's {@code state.json} so that neither engine misreads the other's.
 *
 * @param upstream the repository URI (no password)
 * @param lastGoodSync when it ended
 * @param refDigest the digest of the filtered ref advertisement it synced
 */
record GitState(String upstream, Instant lastGoodSync, String refDigest) {
  static Path file(Path root) {
    return root.resolve(".mirrorkit").resolve("git-state.properties");
  }

  /** The state, or null when there is none or it is unreadable (then nothing is skipped). */
  static @Nullable GitState read(Path root) {
    Path file = file(root);
    try (Reader r = new StringReader(Files.readString(file, UTF_8))) {
      Properties p = new Properties();
      p.load(r);
      String upstream = p.getProperty("upstream");
      String last = p.getProperty("lastGoodSync");
      String digest = p.getProperty("refDigest");
      if (upstream == null || last == null || digest == null) {
        return null;
      }
      return new GitState(upstream, Instant.parse(last), digest);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  void write(Path root) throws IOException {
    Properties p = new Properties();
    p.setProperty("upstream", upstream);
    p.setProperty("lastGoodSync", lastGoodSync.toString());
    p.setProperty("refDigest", refDigest);
    StringWriter text = new StringWriter();
    p.store(text, "mirrorkit git mirror state");
    AtomicFiles.write(file(root), text.toString().getBytes(UTF_8));
  }
}
