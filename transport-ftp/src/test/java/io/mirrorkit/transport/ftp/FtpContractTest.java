package io.mirrorkit.transport.ftp;

import io.mirrorkit.Repository;
import io.mirrorkit.contract.SyncContractTest;
import io.mirrorkit.spi.TransportProvider;
import io.mirrorkit.testkit.CompareOptions;
import io.mirrorkit.testkit.Vsftpd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The sync contract over ftp://, against the real vsftpd (LIST listings with MDTM times). FTP
 * carries no hard links, permissions or directory times, and times only to the second; vsftpd's
 * symlinks are kept, but the contract's symlink checks need exact link times, so they are off.
 */
class FtpContractTest extends SyncContractTest {

  @Override
  protected Repository serve(Path directory) throws Exception {
    ageTree(directory);
    Vsftpd server =
        closeAfterTest(Vsftpd.builder(temp.resolve("vsftpd")).anonymousRoot(directory).start());
    return Repository.of(server.uri());
  }

  /**
   * Moves the upstream's times a minute back before the first sync. The suite edits files in the
   * same second as the sync before, keeping their size: with times to the second (all FTP offers)
   * no client can see such an edit, so the upstream is aged the way a real upstream's files are
   * older than the sync that mirrors them. Core could detect these "racy" entries instead (see the
   * transport's notes).
   */
  private static void ageTree(Path directory) throws IOException {
    try (Stream<Path> all = Files.walk(directory)) {
      for (Path p : all.filter(p -> !Files.isSymbolicLink(p)).toList()) {
        FileTime t = Files.getLastModifiedTime(p);
        Files.setLastModifiedTime(p, FileTime.from(t.toInstant().minusSeconds(60)));
      }
    }
  }

  @Override
  protected TransportProvider provider() {
    return new FtpTransportProvider();
  }

  @Override
  protected CompareOptions comparison() {
    return CompareOptions.defaults()
        .ignore(".mirrorkit")
        .modes(false)
        .hardLinks(false)
        .mtimePrecision(Duration.ofSeconds(1))
        .directoryMtimes(false);
  }

  @Override
  protected boolean supportsSymlinks() {
    return false;
  }

  @Override
  protected boolean supportsHardLinks() {
    return false;
  }
}
