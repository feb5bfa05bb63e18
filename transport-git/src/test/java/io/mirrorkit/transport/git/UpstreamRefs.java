package io.mirrorkit.transport.git;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A bare upstream repository changed in place, ref by ref, as a hosting site's pushes change it:
 * commits on a branch (a fast-forward), a commit beside the old tip (a force-push), tags,
 * deletions. Objects are written loose, one commit of one file per change, with JGit in this
 * process (a few milliseconds each, where the {@code git} CLI would take a process per object); the
 * upstream is served by the real {@code git daemon} or read over {@code file://}.
 */
final class UpstreamRefs {
  private static final PersonIdent WHO =
      new PersonIdent("Upstream", "up@example.org", 1_767_225_600_000L, 0);

  private final Path gitDir;
  private int version;
  private @Nullable ObjectId lastBlob;

  UpstreamRefs(Path gitDir) {
    this.gitDir = gitDir;
  }

  private org.eclipse.jgit.lib.Repository open() throws IOException {
    return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build();
  }

  /** A commit on top of {@code ref} (or a root commit for a new ref): a fast-forward. */
  ObjectId commit(String ref) throws IOException {
    version++;
    return commit(ref, ("version " + version + "\n").getBytes(UTF_8), false);
  }

  /** The same with {@code bytes} random bytes, which no pack compresses. */
  ObjectId commitLarge(String ref, int bytes) throws IOException {
    version++;
    byte[] data = new byte[bytes];
    new Random(version).nextBytes(data);
    return commit(ref, data, false);
  }

  /** A commit beside the tip of {@code ref} (on its parent, or a new root): a force-push. */
  ObjectId rewrite(String ref) throws IOException {
    version++;
    return commit(ref, ("rewritten " + version + "\n").getBytes(UTF_8), true);
  }

  private ObjectId commit(String ref, byte[] content, boolean beside) throws IOException {
    try (org.eclipse.jgit.lib.Repository db = open();
        ObjectInserter ins = db.newObjectInserter();
        RevWalk walk = new RevWalk(db)) {
      Ref old = db.exactRef(ref);
      ObjectId parent = null;
      if (old != null) {
        RevCommit tip = walk.parseCommit(old.getObjectId());
        parent = beside ? (tip.getParentCount() > 0 ? tip.getParent(0) : null) : tip;
      }
      lastBlob = ins.insert(Constants.OBJ_BLOB, content);
      TreeFormatter tree = new TreeFormatter();
      tree.append("file", FileMode.REGULAR_FILE, lastBlob);
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(ins.insert(tree));
      if (parent != null) {
        c.setParentId(parent);
      }
      c.setAuthor(WHO);
      c.setCommitter(WHO);
      c.setMessage(ref + " " + version + "\n");
      ObjectId id = ins.insert(c);
      ins.flush();
      set(db, ref, id);
      return id;
    }
  }

  /** The file of the last commit made. */
  ObjectId lastBlob() {
    if (lastBlob == null) {
      throw new IllegalStateException("no commit yet");
    }
    return lastBlob;
  }

  /** An annotated tag {@code refs/tags/<name>} of {@code target}'s tip. */
  ObjectId tag(String name, String target) throws IOException {
    version++;
    try (org.eclipse.jgit.lib.Repository db = open();
        ObjectInserter ins = db.newObjectInserter()) {
      TagBuilder t = new TagBuilder();
      t.setObjectId(db.exactRef(target).getObjectId(), Constants.OBJ_COMMIT);
      t.setTag(name);
      t.setTagger(WHO);
      t.setMessage("release " + version + "\n");
      ObjectId id = ins.insert(t);
      ins.flush();
      set(db, Constants.R_TAGS + name, id);
      return id;
    }
  }

  /** Points {@code ref} at {@code id}, whatever it pointed at. */
  void set(String ref, ObjectId id) throws IOException {
    try (org.eclipse.jgit.lib.Repository db = open()) {
      set(db, ref, id);
    }
  }

  private static void set(org.eclipse.jgit.lib.Repository db, String ref, ObjectId id)
      throws IOException {
    RefUpdate u = db.updateRef(ref);
    u.setNewObjectId(id);
    u.disableRefLog();
    RefUpdate.Result r = u.forceUpdate();
    if (r != RefUpdate.Result.NEW
        && r != RefUpdate.Result.FORCED
        && r != RefUpdate.Result.FAST_FORWARD
        && r != RefUpdate.Result.NO_CHANGE) {
      throw new IOException("could not set " + ref + " upstream: " + r);
    }
  }

  void delete(String ref) throws IOException {
    try (org.eclipse.jgit.lib.Repository db = open()) {
      RefUpdate u = db.updateRef(ref);
      u.setForceUpdate(true);
      u.disableRefLog();
      RefUpdate.Result r = u.delete();
      if (r != RefUpdate.Result.FORCED) {
        throw new IOException("could not delete " + ref + " upstream: " + r);
      }
    }
  }

  /** The object id of {@code ref}, or null. */
  @Nullable ObjectId id(String ref) throws IOException {
    try (org.eclipse.jgit.lib.Repository db = open()) {
      Ref r = db.exactRef(ref);
      return r == null ? null : r.getObjectId();
    }
  }

  /** The loose file of {@code id}, as JGit wrote it. */
  Path looseObject(ObjectId id) {
    String name = id.name();
    return gitDir.resolve("objects").resolve(name.substring(0, 2)).resolve(name.substring(2));
  }

  /** Overwrites the loose object {@code id} with bytes that do not inflate to it. */
  void corrupt(ObjectId id) throws IOException {
    Path loose = looseObject(id);
    if (!Files.exists(loose)) {
      throw new IllegalStateException(id.name() + " is not a loose object of " + gitDir);
    }
    loose.toFile().setWritable(true);
    Files.write(loose, new byte[] {0x78, 0x01, 1, 2, 3, 4, 5, 6, 7, 8});
  }
}
