package io.mirrorkit.transport.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PackParser;
import org.eclipse.jgit.transport.ReceivedPackStatistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained-and-connected proof over packs that JGit's own pack parser reads into a file
 * repository, as in a fetch: complete packs are proven, a pack without an object one of its objects
 * references is not.
 */
class PackConnectivityTest {
  static final PersonIdent WHO =
      new PersonIdent("Upstream", "up@example.org", 1_700_000_000_000L, 0);

  @TempDir Path tmp;
  InMemoryRepository src;
  ObjectId blobA;
  ObjectId blobB;
  ObjectId sub;
  ObjectId root1;
  ObjectId root2;
  ObjectId gitlink;
  ObjectId c1;
  ObjectId c2;
  ObjectId tag;
  ReceivedPackStatistics stats;

  @BeforeEach
  void history() throws IOException {
    src = new InMemoryRepository(new DfsRepositoryDescription("src"));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      text.append("line ").append(i).append(" of a text that compresses well as a delta\n");
    }
    gitlink = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");
    try (ObjectInserter ins = src.newObjectInserter()) {
      blobA = ins.insert(Constants.OBJ_BLOB, text.toString().getBytes(UTF_8));
      blobB = ins.insert(Constants.OBJ_BLOB, (text + "one more line\n").getBytes(UTF_8));
      TreeFormatter s = new TreeFormatter();
      s.append("b.txt", FileMode.REGULAR_FILE, blobB);
      sub = ins.insert(s);
      TreeFormatter r1 = new TreeFormatter();
      r1.append("a.txt", FileMode.REGULAR_FILE, blobA);
      root1 = ins.insert(r1);
      TreeFormatter r2 = new TreeFormatter();
      r2.append("a.txt", FileMode.REGULAR_FILE, blobA);
      r2.append("module", FileMode.GITLINK, gitlink);
      r2.append("sub", FileMode.TREE, sub);
      root2 = ins.insert(r2);
      c1 = ins.insert(commit(root1));
      c2 = ins.insert(commit(root2, c1));
      TagBuilder t = new TagBuilder();
      t.setObjectId(c2, Constants.OBJ_COMMIT);
      t.setTag("v1");
      t.setTagger(WHO);
      t.setMessage("release\n");
      tag = ins.insert(t);
      ins.flush();
    }
  }

  @Test
  void aCompletePackIsProvenWithoutTheGitlinkTarget() throws IOException {
    PackConnectivity proof = parse(pack(Set.of()), null);
    assertThat(proof.unproven(List.of(tag, c2, c1, blobA))).isNull();
    assertThat(proof.received()).isEqualTo(8);
    // both ways a blob arrives are seen: whole (streamed) and rebuilt from a delta
    assertThat(stats.getNumWholeBlob()).isPositive();
    assertThat(stats.getNumDeltaBlob()).isPositive();
  }

  @Test
  void aBlobATreeReferencesMustBeInThePack() throws IOException {
    assertThat(parse(pack(Set.of(blobB)), null).unproven(List.of(c2)))
        .contains(blobB.name())
        .contains("not in the pack");
    assertThat(parse(pack(Set.of(blobA)), null).unproven(List.of(c1))).contains(blobA.name());
  }

  @Test
  void aTreeACommitOrTreeReferencesMustBeInThePack() throws IOException {
    assertThat(parse(pack(Set.of(sub)), null).unproven(List.of(c2))).contains(sub.name());
    assertThat(parse(pack(Set.of(root1)), null).unproven(List.of(c2))).contains(root1.name());
  }

  @Test
  void aParentMustBeInThePack() throws IOException {
    assertThat(parse(pack(Set.of(c1)), null).unproven(List.of(c2))).contains(c1.name());
  }

  @Test
  void theObjectOfATagMustBeInThePack() throws IOException {
    // c2 left out, its tree and parent sent: only the tag references it
    assertThat(parse(pack(Set.of(c2)), null).unproven(List.of(tag))).contains(c2.name());
  }

  @Test
  void everyTipMustBeInThePack() throws IOException {
    PackConnectivity proof = parse(pack(Set.of()), null);
    ObjectId elsewhere = ObjectId.fromString("89abcdef0123456789abcdef0123456789abcdef");
    assertThat(proof.unproven(List.of(c2, elsewhere))).contains(elsewhere.name()).contains("tip");
  }

  @Test
  void manyObjectsAreAllTracked() throws IOException {
    // far more ids than the table starts with, so it grows several times
    List<ObjectId> ids = new ArrayList<>();
    ObjectId big;
    ObjectId top;
    try (ObjectInserter ins = src.newObjectInserter()) {
      TreeFormatter f = new TreeFormatter();
      for (int i = 0; i < 5000; i++) {
        ObjectId blob = ins.insert(Constants.OBJ_BLOB, ("file " + i + "\n").getBytes(UTF_8));
        f.append(String.format("f%05d", i), FileMode.REGULAR_FILE, blob);
        ids.add(blob);
      }
      big = ins.insert(f);
      top = ins.insert(commit(big));
      ins.flush();
    }
    List<ObjectId> all = new ArrayList<>(ids);
    all.add(big);
    all.add(top);
    PackConnectivity complete = parse(packOf(all.toArray(ObjectId[]::new)), null);
    assertThat(complete.unproven(List.of(top))).isNull();
    assertThat(complete.received()).isEqualTo(5002);

    ObjectId gone = ids.get(3210);
    all.remove(gone);
    assertThat(parse(packOf(all.toArray(ObjectId[]::new)), null).unproven(List.of(top)))
        .contains(gone.name());
  }

  @Test
  void anObjectReferencedAsAnotherTypeIsNoProof() throws IOException {
    ObjectId badTree;
    ObjectId bad;
    try (ObjectInserter ins = src.newObjectInserter()) {
      TreeFormatter f = new TreeFormatter();
      f.append("not-a-file", FileMode.REGULAR_FILE, sub); // a tree, named as a blob
      badTree = ins.insert(f);
      bad = ins.insert(commit(badTree));
      ins.flush();
    }
    PackConnectivity proof = parse(packOf(bad, badTree, sub, blobB), null);
    assertThat(proof.unproven(List.of(bad))).contains(sub.name()).contains("another type");
  }

  @Test
  void aCommitItCannotParseIsNoProof() throws IOException {
    ObjectId odd;
    try (ObjectInserter ins = src.newObjectInserter()) {
      odd = ins.insert(Constants.OBJ_COMMIT, "no tree here\n".getBytes(UTF_8));
      ins.flush();
    }
    assertThat(parse(packOf(odd), null).unproven(List.of(odd))).contains("commit");
  }

  @Test
  void aTreeItCannotParseIsNoProof() throws IOException {
    ObjectId badMode;
    ObjectId truncated;
    ObjectId badHex;
    try (ObjectInserter ins = src.newObjectInserter()) {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      raw.write("100694 x\0".getBytes(UTF_8));
      blobA.copyRawTo(raw);
      badMode = ins.insert(Constants.OBJ_TREE, raw.toByteArray());
      truncated = ins.insert(Constants.OBJ_TREE, "100644 x\0abcde".getBytes(UTF_8));
      badHex =
          ins.insert(
              Constants.OBJ_COMMIT,
              ("tree " + "g".repeat(40) + "\nauthor x <x> 0 +0000\n\n").getBytes(UTF_8));
      ins.flush();
    }
    assertThat(parse(packOf(badMode, blobA), null).unproven(List.of(badMode))).contains("tree");
    assertThat(parse(packOf(truncated), null).unproven(List.of(truncated))).contains("tree");
    assertThat(parse(packOf(badHex), null).unproven(List.of(badHex))).contains("commit");
  }

  @Test
  void theObjectCheckerOfTheTransportStillChecksEveryObject() throws IOException {
    ObjectId evil;
    try (ObjectInserter ins = src.newObjectInserter()) {
      TreeFormatter f = new TreeFormatter();
      f.append(".git", FileMode.REGULAR_FILE, blobA);
      evil = ins.insert(f);
      ins.flush();
    }
    byte[] pack = packOf(evil, blobA);
    assertThat(parse(pack, null).unproven(List.of(evil))).isNull();
    assertThatThrownBy(() -> parse(pack, new ObjectChecker()))
        .isInstanceOf(CorruptObjectException.class);
  }

  private CommitBuilder commit(ObjectId tree, ObjectId... parents) {
    CommitBuilder c = new CommitBuilder();
    c.setTreeId(tree);
    c.setParentIds(parents);
    c.setAuthor(WHO);
    c.setCommitter(WHO);
    c.setMessage("a commit\n");
    return c;
  }

  /** Everything reachable from the tag, less {@code omit}. */
  private byte[] pack(Set<ObjectId> omit) throws IOException {
    List<ObjectId> ids = new ArrayList<>(List.of(tag, c2, c1, root2, root1, sub, blobA, blobB));
    ids.removeAll(omit);
    return packOf(ids.toArray(ObjectId[]::new));
  }

  private byte[] packOf(ObjectId... ids) throws IOException {
    try (ObjectReader reader = src.newObjectReader();
        RevWalk walk = new RevWalk(reader);
        PackWriter writer = new PackWriter(src)) {
      List<RevObject> objects = new ArrayList<>();
      for (ObjectId id : ids) {
        objects.add(walk.lookupAny(id, reader.open(id).getType())); // unparsed: may be malformed
      }
      writer.preparePack(objects.iterator());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out);
      return out.toByteArray();
    }
  }

  /** The pack read into a new file repository by JGit's parser, as a fetch reads it. */
  private PackConnectivity parse(byte[] pack, ObjectChecker fsck) throws IOException {
    Path dir = tmp.resolve("dest-" + System.nanoTime());
    try (FileRepository dest = new FileRepository(dir.toFile())) {
      dest.create(true);
      PackConnectivity proof = new PackConnectivity(fsck);
      try (ObjectInserter ins = dest.newObjectInserter()) {
        PackParser parser = ins.newPackParser(new ByteArrayInputStream(pack));
        parser.setObjectChecker(proof);
        parser.parse(NullProgressMonitor.INSTANCE);
        ins.flush();
        stats = parser.getReceivedPackStatistics();
      }
      return proof;
    }
  }
}
