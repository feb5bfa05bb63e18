package io.mirrorkit.transport.git.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.ProtocolException;
import io.mirrorkit.Repository;
import java.io.IOException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TransportException;
import org.junit.jupiter.api.Test;

/** Protocol errors are decided by type, not by words in a message. */
class TranslateTest {
  private static final Repository UP = Repository.of("git://127.0.0.1/up.git");

  @Test
  void aRefusedUploadPackIsNotAProtocolError() {
    IOException e =
        GitApplier.translate(
            new TransportException("https://host/up.git: git-upload-pack not permitted on 'x'"),
            UP,
            true);
    assertThat(e).isNotInstanceOf(ProtocolException.class);
    assertThat(e.getMessage()).contains("no ref of the mirror was changed");
  }

  @Test
  void aBrokenPackIsAProtocolError() {
    IOException e =
        GitApplier.translate(
            new TransportException("fetch failed", new PackProtocolException("bad band #9")),
            UP,
            true);
    assertThat(e).isInstanceOf(ProtocolException.class);
  }

  @Test
  void aPlainIoExceptionFromThePackParserIsAProtocolError() {
    IOException fromParser = new IOException("Not a PACK file.");
    fromParser.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              org.eclipse.jgit.transport.PackParser.class.getName(), "readPackHeader", null, 1)
        });
    assertThat(GitApplier.brokenStream(fromParser)).isTrue();
    assertThat(GitApplier.brokenStream(new IOException("Not a PACK file."))).isFalse();
  }
}
