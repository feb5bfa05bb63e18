package io.mirrorkit.transport.git.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.transport.PackParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pack parsers of a repository a first sync creates skip JGit's collision check. */
class NewRepositoryTest {
  @TempDir Path tmp;

  @Test
  void itsPackParsersSkipTheCollisionCheckWhereOthersKeepIt() throws Exception {
    try (FileRepository fresh = new NewRepository(tmp.resolve("new.git").toFile());
        FileRepository plain = new FileRepository(tmp.resolve("plain.git").toFile())) {
      fresh.create(true);
      plain.create(true);
      assertThat(checksCollisions(fresh)).isFalse();
      assertThat(checksCollisions(plain)).isTrue();
    }
  }

  private static boolean checksCollisions(FileRepository db) throws Exception {
    try (ObjectInserter ins = db.newObjectInserter()) {
      PackParser parser = ins.newPackParser(new ByteArrayInputStream(new byte[0]));
      Method is = PackParser.class.getDeclaredMethod("isCheckObjectCollisions");
      is.setAccessible(true);
      return (Boolean) is.invoke(parser);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
