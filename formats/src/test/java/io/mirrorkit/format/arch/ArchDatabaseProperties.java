package io.mirrorkit.format.arch;

import static io.mirrorkit.format.arch.HandMadeDb.desc;
import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.MetadataException;
import io.mirrorkit.Selection;
import io.mirrorkit.format.internal.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Any damage to a database (cut short, bytes changed, garbage) reads as a database or fails with a
 * {@link MetadataException} naming it: never another exception, never a hang.
 */
class ArchDatabaseProperties {
  static final Selection CORE = Selection.builder().dist("core").build();

  @Property(tries = 250)
  void aDamagedDatabaseReadsOrIsAMetadataException(
      @ForAll("databases") byte[] db,
      @ForAll @IntRange(min = 0, max = 2) int damage,
      @ForAll @IntRange(min = 0, max = 100_000) int where,
      @ForAll byte value) {
    byte[] bytes = db.clone();
    int at = where % Math.max(1, bytes.length);
    switch (damage) {
      case 0 -> bytes = Arrays.copyOf(bytes, at);
      case 1 -> bytes[at] ^= (byte) (value == 0 ? 1 : value);
      default -> bytes[at] = value;
    }
    readsOrRefuses(bytes);
  }

  @Property(tries = 150)
  void garbageIsAMetadataException(@ForAll byte[] garbage, @ForAll("magic") String suffix) {
    byte[] head = magic(suffix);
    byte[] bytes = Arrays.copyOf(head, head.length + garbage.length);
    System.arraycopy(garbage, 0, bytes, head.length, garbage.length);
    readsOrRefuses(bytes);
  }

  static void readsOrRefuses(byte[] bytes) {
    try {
      new ArchFormat().read(HandMadeDb.db(bytes), CORE, null);
    } catch (MetadataException e) {
      assertThat(e.file()).hasToString("core.db");
    } catch (IOException e) {
      throw new AssertionError("not a MetadataException: " + e, e);
    }
  }

  @Provide
  Arbitrary<byte[]> databases() {
    Arbitrary<Map<String, String>> members =
        Arbitraries.integers()
            .between(1, 4)
            .map(
                n -> {
                  Map<String, String> m = new LinkedHashMap<>();
                  for (int i = 0; i < n; i++) {
                    m.put("p" + i + "-1-1/", "");
                    m.put("p" + i + "-1-1/desc", desc("p" + i + ".pkg.tar.zst", "" + i, "any"));
                  }
                  return m;
                });
    return Combinators.combine(members, magic())
        .as((m, suffix) -> compress(HandMadeDb.tar(m), suffix));
  }

  @Provide
  Arbitrary<String> magic() {
    return Arbitraries.of("", ".gz", ".xz", ".zst", ".bz2");
  }

  static byte[] magic(String suffix) {
    return switch (suffix) {
      case ".gz" -> new byte[] {0x1f, (byte) 0x8b};
      case ".xz" -> new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
      case ".zst" -> new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
      case ".bz2" -> new byte[] {'B', 'Z', 'h'};
      default -> new byte[0];
    };
  }

  static byte[] compress(byte[] tar, String suffix) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (java.io.OutputStream c =
          switch (suffix) {
            case ".gz" -> new java.util.zip.GZIPOutputStream(out);
            case ".xz" -> new XZOutputStream(out, new LZMA2Options(0));
            case ".zst" -> new com.github.luben.zstd.ZstdOutputStream(out);
            case ".bz2" ->
                new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(
                    out, 1);
            default -> out;
          }) {
        c.write(tar);
      }
      byte[] bytes = out.toByteArray();
      assertThat(Compression.detect(bytes)).isEqualTo(suffix);
      return bytes;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
