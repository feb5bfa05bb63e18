package io.mirrorkit.format.arch;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.UnsafePathException;
import io.mirrorkit.format.internal.Compression;
import io.mirrorkit.format.internal.SourceInput;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a pacman database ({@code NAME.db}: a tar of {@code PACKAGE-VERSION/desc} entries,
 * compressed with gzip, xz, zstd, bzip2 or not at all, told by its first bytes) streaming, one
 * {@code desc} entry at a time.
 */
final class ArchDatabase {
  /** The largest {@code desc} entry read (real ones are a few KiB). */
  static final int MAX_DESC_BYTES = 1 << 20;

  private ArchDatabase() {}

  /** Receives the {@code desc} entries of a database in their order. */
  interface Visitor {
    void desc(String member, Desc desc) throws MetadataException;
  }

  /**
   * Reads the database {@code db} from {@code raw} (not closed) to its end.
   *
   * @throws MetadataException naming {@code db} if it is not a pacman database: not a tar after
   *     decompression, truncated, with an unsafe member name, an oversized or malformed {@code
   *     desc}
   * @throws IOException if {@code raw} fails
   */
  static void read(MirrorPath db, InputStream raw, Visitor visitor) throws IOException {
    try {
      Tar tar = new Tar(Compression.openDetected(new SourceInput(raw)));
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        String member = e.getName();
        MirrorPath name = memberName(db, member);
        if (e.isFile() && name.depth() == 2 && name.name().equals("desc")) {
          visitor.desc(member, Desc.parse(db, member, descText(db, member, e, tar)));
        }
      }
      if (!tar.sawEndRecord) {
        throw new MetadataException(
            db, "ends without the end of a tar archive: truncated, or not a tar" + ADVICE);
      }
    } catch (SourceInput.Failure e) {
      throw e.getCause();
    } catch (MetadataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new MetadataException(
          db,
          "cannot be read as a pacman database (a tar, compressed with gzip, xz, zstd or bzip2 or"
              + " not at all): "
              + e.getMessage()
              + ADVICE,
          e);
    }
  }

  private static final String ADVICE =
      "; the upstream is broken or in the middle of an update: sync again later";

  private static MirrorPath memberName(MirrorPath db, String member) throws MetadataException {
    try {
      return MirrorPath.parse(member);
    } catch (UnsafePathException e) {
      throw new MetadataException(
          db,
          "has a member named \""
              + Desc.shorten(member)
              + "\", not a safe relative name; the database is broken or hostile: refusing it",
          e);
    }
  }

  private static String descText(MirrorPath db, String member, TarArchiveEntry e, Tar tar)
      throws IOException {
    if (e.getSize() > MAX_DESC_BYTES) {
      throw Desc.malformed(
          db, member, "is " + e.getSize() + " bytes, more than " + MAX_DESC_BYTES + " allowed");
    }
    byte[] bytes = tar.readNBytes((int) e.getSize());
    if (bytes.length != e.getSize()) {
      throw new MetadataException(db, "ends inside its entry " + Desc.shorten(member) + ADVICE);
    }
    return new String(bytes, UTF_8);
  }

  /**
   * A tar stream that tells whether it ended with the end-of-archive record (a block of zeros)
   * rather than with its input: commons-compress ends both ways alike, and a database cut off
   * between two members would otherwise read as a smaller one.
   */
  private static final class Tar extends TarArchiveInputStream {
    boolean sawEndRecord;

    Tar(InputStream in) {
      super(in, "UTF-8");
    }

    @Override
    protected boolean isEOFRecord(byte @Nullable [] record) {
      boolean end = super.isEOFRecord(record);
      if (end && record != null) {
        sawEndRecord = true;
      }
      return end;
    }
  }
}
