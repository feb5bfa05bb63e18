package io.mirrorkit.transport.git.internal;

import java.security.SecureRandom;
import java.util.Collection;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.BlobObjectChecker;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.MutableInteger;
import org.eclipse.jgit.util.NB;
import org.eclipse.jgit.util.RawParseUtils;
import org.jspecify.annotations.Nullable;

/**
 * Proves a fetched pack self-contained and connected while JGit parses it, as git's {@code
 * index-pack --check-self-contained-and-connected} does for a clone: it records every object the
 * pack holds and every object those objects reference (a commit its tree and parents, a tree its
 * entries except gitlinks, a tag its object), each with the type it is referenced as. If every
 * referenced object and every new ref's tip is in the pack with that type, the history below the
 * new refs is complete and the connectivity walk is not needed.
 *
 * <p>JGit's {@code PackParser} calls {@link #check(AnyObjectId, int, byte[])} for every commit,
 * tree and tag and for every object it rebuilds from a delta, with the bytes it already holds; a
 * whole blob is streamed through {@link #newBlobObjectChecker()} and never held in memory, and only
 * its id is kept. Memory is 32 to 64 bytes per distinct object id seen, less than the parser itself
 * keeps per object (in JGit 7.3).
 *
 * <p>Anything this parser does not understand (a malformed commit, tree or tag, an unknown tree
 * entry mode) only makes the proof fail; the caller then walks the history as before. Objects the
 * pack references but does not hold, also those a local repository already has, fail the proof too:
 * a local object does not vouch for the history below it (it may be left over from a sync that
 * failed), so a thin or incremental pack is always walked.
 *
 * <p>Used by one {@code PackParser}, on one thread.
 */
final class PackConnectivity extends ObjectChecker {
  private static final byte[] TREE = Constants.encodeASCII("tree ");
  private static final byte[] PARENT = Constants.encodeASCII("parent ");
  private static final byte[] OBJECT = Constants.encodeASCII("object ");
  private static final byte[] TYPE = Constants.encodeASCII("type ");
  private static final int HEX = Constants.OBJECT_ID_STRING_LENGTH;
  private static final int RAW = Constants.OBJECT_ID_LENGTH;

  /** Ints a slot of the table: the marks, then the id's five words. */
  private static final int SLOT = 6;

  /** Size of the cache of recent references, as a power of two. */
  private static final int RECENT_BITS = 12;

  /** The table cannot grow any further. */
  private static final class TableFull extends Exception {
    private static final long serialVersionUID = 1L;

    TableFull() {
      super("more objects than can be tracked", null, false, false);
    }
  }

  private final @Nullable ObjectChecker fsck;
  private final BlobObjectChecker blobs =
      new BlobObjectChecker() {
        @Override
        public void update(byte[] in, int offset, int len) {
          // only the id matters
        }

        @Override
        public void endBlob(AnyObjectId id) {
          blobArrived(id);
        }
      };
  private @Nullable String unprovable;

  // An open-addressing table of object ids (linear probing), SLOT ints a slot: at table[6 * i] the
  // type code the object arrived with (0 until then) in bits 0-7 and one bit (1 << type) per type
  // it is referenced as in bits 8-15, zero for a free slot; then the id's five words. A flat table
  // rather than JGit's ObjectIdOwnerMap: a pack of a large history makes a lookup here for nearly
  // every tree entry, and an object per id would cost more time and memory.
  private final long seed = new SecureRandom().nextLong();
  private int[] table = new int[SLOT * 1024];
  private int mask = 1023;
  private int size;
  private final int[] recent = new int[5 << RECENT_BITS];
  private final byte[] recentType = new byte[1 << RECENT_BITS];
  private final byte[] idBuffer = new byte[RAW];
  private int k1;
  private int k2;
  private int k3;
  private int k4;
  private int k5;

  /**
   * @param fsck the checker the transport would otherwise use ({@code fetch.fsckObjects}), called
   *     first for every object; null for none
   */
  PackConnectivity(@Nullable ObjectChecker fsck) {
    this.fsck = fsck;
  }

  @Override
  public void check(@Nullable AnyObjectId id, int objType, byte[] raw)
      throws CorruptObjectException {
    if (fsck != null) {
      fsck.check(id, objType, raw);
    }
    if (unprovable != null) {
      return; // nothing more to learn
    }
    if (id == null || objType < Constants.OBJ_COMMIT || objType > Constants.OBJ_TAG) {
      unprovable("an object without an id or of an unknown type");
      return;
    }
    try {
      arrived(id, objType);
      switch (objType) {
        case Constants.OBJ_COMMIT -> commit(id, raw);
        case Constants.OBJ_TREE -> tree(id, raw);
        case Constants.OBJ_TAG -> tag(id, raw);
        default -> {} // a blob references nothing
      }
    } catch (RuntimeException e) {
      // an IndexOutOfBoundsException, also for an invalid hex digit (parseHexInt32); whatever
      // else goes wrong here, the walk decides instead
      unprovable(Constants.typeString(objType) + " " + id.name() + " could not be parsed");
    } catch (TableFull e) {
      unprovable("the pack holds " + e.getMessage());
    }
  }

  private void blobArrived(AnyObjectId id) {
    if (unprovable == null) {
      try {
        arrived(id, Constants.OBJ_BLOB);
      } catch (TableFull e) {
        unprovable("the pack holds " + e.getMessage());
      }
    }
  }

  @Override
  public BlobObjectChecker newBlobObjectChecker() {
    BlobObjectChecker inner = fsck == null ? null : fsck.newBlobObjectChecker();
    if (inner == null) {
      return blobs;
    }
    return new BlobObjectChecker() {
      @Override
      public void update(byte[] in, int offset, int len) {
        inner.update(in, offset, len);
      }

      @Override
      public void endBlob(AnyObjectId id) throws CorruptObjectException {
        inner.endBlob(id);
        blobArrived(id);
      }
    };
  }

  /**
   * Why the pack does not prove the history below {@code tips} complete, or null if it does: every
   * object an object of the pack references is in the pack, with the type it is referenced as, and
   * so is every tip.
   */
  @Nullable String unproven(Collection<? extends AnyObjectId> tips) {
    if (unprovable != null) {
      return unprovable;
    }
    for (AnyObjectId tip : tips) {
      load(tip);
      int i = find();
      if (i < 0 || typeAt(i) == 0) {
        return "the new ref tip " + tip.name() + " is not in the pack";
      }
    }
    for (int i = 0; i <= mask; i++) {
      int type = typeAt(i);
      int referencedAs = table[SLOT * i] >>> 8;
      if (type == 0 && referencedAs != 0) {
        return "object " + idAt(i).name() + " is referenced but not in the pack";
      }
      if ((referencedAs & ~(1 << type)) != 0) {
        return Constants.typeString(type) + " " + idAt(i).name() + " is referenced as another type";
      }
    }
    return null;
  }

  /** How many distinct objects the pack held. */
  int received() {
    int count = 0;
    for (int i = 0; i <= mask; i++) {
      if (typeAt(i) != 0) {
        count++;
      }
    }
    return count;
  }

  private void arrived(AnyObjectId id, int objType) throws TableFull {
    load(id);
    int i = slot();
    int type = typeAt(i);
    if (type != 0 && type != objType) {
      unprovable("object " + id.name() + " arrived with two types");
    }
    table[SLOT * i] = (table[SLOT * i] & ~0xff) | objType;
  }

  private void commit(AnyObjectId id, byte[] raw) throws TableFull {
    if (!startsWith(raw, 0, TREE)) {
      unprovable("commit " + id.name() + " has no tree");
      return;
    }
    int p = hexReference(raw, TREE.length, Constants.OBJ_TREE);
    while (startsWith(raw, p, PARENT)) {
      p = hexReference(raw, p + PARENT.length, Constants.OBJ_COMMIT);
    }
  }

  private void tag(AnyObjectId id, byte[] raw) throws TableFull {
    if (!startsWith(raw, 0, OBJECT)) {
      unprovable("tag " + id.name() + " has no object");
      return;
    }
    int p = OBJECT.length;
    loadHex(raw, p);
    p += HEX;
    if (raw[p++] != '\n' || !startsWith(raw, p, TYPE)) {
      unprovable("tag " + id.name() + " has no type");
      return;
    }
    MutableInteger at = new MutableInteger();
    at.value = p + TYPE.length;
    int objType;
    try {
      objType = Constants.decodeTypeString(id, raw, (byte) '\n', at);
    } catch (CorruptObjectException e) {
      unprovable("tag " + id.name() + " names an unknown type");
      return;
    }
    referenced(objType);
  }

  private void tree(AnyObjectId id, byte[] raw) throws TableFull {
    int p = 0;
    int n = raw.length;
    while (p < n) {
      int mode = 0;
      byte c;
      while ((c = raw[p++]) != ' ') {
        if (c < '0' || c > '7') {
          unprovable("tree " + id.name() + " has an invalid mode");
          return;
        }
        mode = (mode << 3) | (c - '0');
      }
      while (raw[p++] != 0) {
        // the entry's name
      }
      if (p + RAW > n) {
        unprovable("tree " + id.name() + " is truncated");
        return;
      }
      switch (mode & 0170000) {
        case 0040000 -> {
          loadRaw(raw, p);
          referenced(Constants.OBJ_TREE);
        }
        case 0100000, 0120000 -> {
          loadRaw(raw, p);
          referenced(Constants.OBJ_BLOB);
        }
        case 0160000 -> {} // a gitlink: a commit of another repository
        default -> {
          unprovable("tree " + id.name() + " has an entry of mode " + Integer.toOctalString(mode));
          return;
        }
      }
      p += RAW;
    }
  }

  /** Records the object named in hex at {@code p}, ended by a newline; the offset after it. */
  private int hexReference(byte[] raw, int p, int objType) throws TableFull {
    loadHex(raw, p);
    if (raw[p + HEX] != '\n') {
      throw new IndexOutOfBoundsException("no newline after an object id");
    }
    referenced(objType);
    return p + HEX + 1;
  }

  /** Records the loaded id as referenced as an object of {@code objType}. */
  private void referenced(int objType) throws TableFull {
    // most entries of a tree are those of the tree before it: a small cache of the latest
    // references spares most lookups in the large table
    int c = (k3 * 0x9E3779B1 >>> (32 - RECENT_BITS));
    int b = 5 * c;
    if (recent[b] == k1
        && recent[b + 1] == k2
        && recent[b + 2] == k3
        && recent[b + 3] == k4
        && recent[b + 4] == k5
        && recentType[c] == objType) {
      return;
    }
    int i = slot();
    table[SLOT * i] |= 1 << (8 + objType);
    recent[b] = k1;
    recent[b + 1] = k2;
    recent[b + 2] = k3;
    recent[b + 3] = k4;
    recent[b + 4] = k5;
    recentType[c] = (byte) objType;
  }

  private void unprovable(String why) {
    if (unprovable == null) {
      unprovable = why;
    }
  }

  // ---------------------------------------------------------------------------------- the table

  private void load(AnyObjectId id) {
    id.copyRawTo(idBuffer, 0);
    loadRaw(idBuffer, 0);
  }

  private void loadRaw(byte[] raw, int p) {
    k1 = NB.decodeInt32(raw, p);
    k2 = NB.decodeInt32(raw, p + 4);
    k3 = NB.decodeInt32(raw, p + 8);
    k4 = NB.decodeInt32(raw, p + 12);
    k5 = NB.decodeInt32(raw, p + 16);
  }

  /** Throws an IndexOutOfBoundsException on anything but 40 hex digits. */
  private void loadHex(byte[] raw, int p) {
    k1 = RawParseUtils.parseHexInt32(raw, p);
    k2 = RawParseUtils.parseHexInt32(raw, p + 8);
    k3 = RawParseUtils.parseHexInt32(raw, p + 16);
    k4 = RawParseUtils.parseHexInt32(raw, p + 24);
    k5 = RawParseUtils.parseHexInt32(raw, p + 32);
  }

  /** The loaded id's slot, or the complement of the free slot where it would go. */
  private int find() {
    long h = (((long) k1 << 32) | (k2 & 0xffffffffL)) ^ seed;
    h *= 0x9E3779B97F4A7C15L;
    int i = (int) (h >>> 32) & mask;
    while (true) {
      int b = SLOT * i;
      if (table[b] == 0) {
        return ~i;
      }
      if (table[b + 1] == k1
          && table[b + 2] == k2
          && table[b + 3] == k3
          && table[b + 4] == k4
          && table[b + 5] == k5) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  /** The loaded id's slot, added if it is new; the caller marks it (a free slot is all zero). */
  private int slot() throws TableFull {
    int i = find();
    if (i >= 0) {
      return i;
    }
    if (4 * (size + 1) > 3 * (mask + 1)) {
      grow();
      i = find();
    }
    i = ~i;
    int b = SLOT * i;
    table[b + 1] = k1;
    table[b + 2] = k2;
    table[b + 3] = k3;
    table[b + 4] = k4;
    table[b + 5] = k5;
    size++;
    return i;
  }

  private int typeAt(int i) {
    return table[SLOT * i] & 0xff;
  }

  private void grow() throws TableFull {
    int[] old = table;
    int capacity = 2 * (mask + 1);
    if ((long) SLOT * capacity > Integer.MAX_VALUE - 8) {
      throw new TableFull();
    }
    table = new int[SLOT * capacity];
    mask = capacity - 1;
    int s1 = k1;
    int s2 = k2;
    int s3 = k3;
    int s4 = k4;
    int s5 = k5;
    for (int b = 0; b < old.length; b += SLOT) {
      if (old[b] != 0) {
        k1 = old[b + 1];
        k2 = old[b + 2];
        k3 = old[b + 3];
        k4 = old[b + 4];
        k5 = old[b + 5];
        System.arraycopy(old, b, table, SLOT * ~find(), SLOT);
      }
    }
    k1 = s1;
    k2 = s2;
    k3 = s3;
    k4 = s4;
    k5 = s5;
  }

  private ObjectId idAt(int i) {
    int b = SLOT * i;
    return new ObjectId(table[b + 1], table[b + 2], table[b + 3], table[b + 4], table[b + 5]);
  }

  private static boolean startsWith(byte[] raw, int p, byte[] prefix) {
    if (p + prefix.length > raw.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (raw[p + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
