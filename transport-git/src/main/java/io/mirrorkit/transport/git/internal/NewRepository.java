package io.mirrorkit.transport.git.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.transport.PackParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A repository a first sync creates, which holds no object before its one fetch.
 *
 * <p>JGit's pack parser looks every received object up in the repository, to compare it byte for
 * byte with a copy already there (its defence against SHA-1 collisions). In a repository without
 * objects no lookup can find one, yet each costs a {@code stat} of {@code objects/pack}: about 0.4
 * s for a pack of 250,000 objects, a tenth of the whole first sync. The pack parsers of this
 * repository skip that check, which here can never fail. The mirror lock keeps anyone else from
 * writing objects into the new repository meanwhile.
 */
final class NewRepository extends FileRepository {
  private static final Logger log = LoggerFactory.getLogger(NewRepository.class);

  NewRepository(File gitDir) throws IOException {
    super(gitDir);
  }

  @Override
  public ObjectInserter newObjectInserter() {
    ObjectInserter inserter = super.newObjectInserter();
    return new ObjectInserter.Filter() {
      @Override
      protected ObjectInserter delegate() {
        return inserter;
      }

      @Override
      public PackParser newPackParser(InputStream in) throws IOException {
        PackParser parser = inserter.newPackParser(in);
        skipCollisionCheck(parser);
        return parser;
      }
    };
  }

  /**
   * {@code PackParser.setCheckObjectCollisions(false)}, which JGit keeps protected; false (and the
   * check stays on, only slower) if this JGit does not allow it.
   */
  static boolean skipCollisionCheck(PackParser parser) {
    try {
      Method set = PackParser.class.getDeclaredMethod("setCheckObjectCollisions", boolean.class);
      set.setAccessible(true);
      set.invoke(parser, false);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("JGit's object collision check stays on: {}", e.toString());
      return false;
    }
  }
}
