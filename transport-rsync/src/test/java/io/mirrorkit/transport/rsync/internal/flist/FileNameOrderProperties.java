package io.mirrorkit.transport.rsync.internal.flist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** rsync's sort order: a total order that follows f_name_cmp's rules. */
class FileNameOrderProperties {
  /** A name with whether it is a directory. */
  record Name(byte[] bytes, boolean dir) {
    @Override
    public String toString() {
      return Names.display(bytes) + (dir ? "/" : "");
    }
  }

  /** Few, tricky bytes, so that names share prefixes: below, at and above '/' and high bytes. */
  private static final byte[] ALPHABET = {
    'a', 'b', '.', '-', '0', 'A', '~', '!', '+', (byte) 0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF
  };

  @Provide
  Arbitrary<Name> names() {
    Arbitrary<byte[]> component =
        Arbitraries.of(toList(ALPHABET))
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(FileNameOrderProperties::toBytes)
            .filter(c -> !Arrays.equals(c, new byte[] {'.'}))
            .filter(c -> !Arrays.equals(c, new byte[] {'.', '.'}));
    Arbitrary<byte[]> path =
        component.list().ofMinSize(1).ofMaxSize(3).map(FileNameOrderProperties::join);
    Arbitrary<Name> named = Combinators.combine(path, Arbitraries.of(true, false)).as(Name::new);
    Arbitrary<Name> root = Arbitraries.just(new Name(new byte[] {'.'}, true));
    return Arbitraries.frequencyOf(
        Tuple.<Integer, Arbitrary<? extends Name>>of(30, named),
        Tuple.<Integer, Arbitrary<? extends Name>>of(1, root));
  }

  @Property
  boolean antisymmetric(@ForAll("names") Name a, @ForAll("names") Name b) {
    return Integer.signum(cmp(a, b)) == -Integer.signum(cmp(b, a));
  }

  @Property
  boolean equalOnlyForTheSameNameAndType(@ForAll("names") Name a, @ForAll("names") Name b) {
    boolean same = Arrays.equals(a.bytes(), b.bytes()) && a.dir() == b.dir();
    return (cmp(a, b) == 0) == same;
  }

  @Property
  boolean agreesWithTheSegmentKeyModel(@ForAll("names") Name a, @ForAll("names") Name b) {
    return Integer.signum(cmp(a, b)) == Integer.signum(Arrays.compareUnsigned(key(a), key(b)));
  }

  @Property
  void transitive(@ForAll("names") Name a, @ForAll("names") Name b, @ForAll("names") Name c) {
    if (cmp(a, b) <= 0 && cmp(b, c) <= 0) {
      assertThat(cmp(a, c)).isLessThanOrEqualTo(0);
    }
  }

  @Property
  void sortingGivesAConsistentSequence(@ForAll("list") List<Name> names) {
    List<Name> sorted = new ArrayList<>(names);
    sorted.sort(FileNameOrderProperties::cmp);
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        assertThat(cmp(sorted.get(i), sorted.get(j))).isLessThanOrEqualTo(0);
      }
    }
  }

  @Provide
  Arbitrary<List<Name>> list() {
    return names().list().ofMaxSize(12);
  }

  /** Within one directory, every non-directory sorts before every subdirectory and its contents. */
  @Property
  void filesBeforeSubdirectories(
      @ForAll("names") Name parent, @ForAll("names") Name file, @ForAll("names") Name sub) {
    byte[] prefix = parent.dir() && !isRoot(parent) ? concat(parent.bytes(), "/") : new byte[0];
    Name f = new Name(concat(prefix, lastComponent(file)), false);
    Name d = new Name(concat(prefix, lastComponent(sub)), true);
    Name inside = new Name(concat(d.bytes(), "/x"), false);
    assertThat(cmp(f, d)).isNegative();
    assertThat(cmp(f, inside)).isNegative();
  }

  /** A directory sorts immediately before its contents: its subtree is contiguous. */
  @Property
  void subtreesAreContiguous(
      @ForAll("names") Name dir, @ForAll("names") Name child, @ForAll("names") Name other) {
    if (isRoot(dir) || isRoot(child) || isRoot(other)) {
      return;
    }
    Name d = new Name(dir.bytes(), true);
    Name inside = new Name(concat(concat(d.bytes(), "/"), child.bytes()), child.dir());
    assertThat(cmp(d, inside)).isNegative();
    boolean otherIsInside =
        Arrays.equals(other.bytes(), d.bytes())
            || startsWith(other.bytes(), concat(d.bytes(), "/"));
    if (!otherIsInside) {
      assertThat(Integer.signum(cmp(other, inside))).isEqualTo(Integer.signum(cmp(other, d)));
    }
  }

  @Property
  void rootFirst(@ForAll("names") Name a) {
    Name root = new Name(new byte[] {'.'}, true);
    assertThat(cmp(root, a)).isEqualTo(isRoot(a) ? 0 : -1);
  }

  @Example
  void knownPairs() {
    assertBefore("dir.2", true, "dir", true);
    assertBefore("dir.2/y", false, "dir", true);
    assertBefore("dir", false, "dir.2", false);
    assertBefore("a-c", true, "a", true);
    assertBefore("a", false, "a-c", false);
    assertBefore("z", false, "a", true);
    assertBefore("Z", false, "a", false);
    assertBefore("B", true, "a-c", true);
    assertBefore("x", false, "x", true);
    assertBefore("a/z", false, "a/b/c", false);
    assertBefore("a/b", true, "a/b/c", false);
    assertBefore("a/b.c", true, "a/b/c", false);
    assertBefore("é", false, "B", true);
  }

  private static void assertBefore(String a, boolean aDir, String b, boolean bDir) {
    Name x = new Name(a.getBytes(UTF_8), aDir);
    Name y = new Name(b.getBytes(UTF_8), bDir);
    assertThat(cmp(x, y)).as("%s before %s", x, y).isNegative();
    assertThat(cmp(y, x)).as("%s after %s", y, x).isPositive();
  }

  private static int cmp(Name a, Name b) {
    return FileNameOrder.compare(a.bytes(), a.dir(), b.bytes(), b.dir());
  }

  /**
   * The model: per component a type byte (0 for a non-directory's last component, else 1), the
   * bytes and a terminator ('/' for directories, 0 otherwise); the root "." is the empty key.
   */
  private static byte[] key(Name n) {
    if (isRoot(n)) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = n.bytes();
    int start = 0;
    while (true) {
      int end = start;
      while (end < b.length && b[end] != '/') {
        end++;
      }
      boolean last = end == b.length;
      boolean item = last && !n.dir();
      out.write(item ? 0 : 1);
      out.write(b, start, end - start);
      out.write(item ? 0 : '/');
      if (last) {
        return out.toByteArray();
      }
      start = end + 1;
    }
  }

  private static boolean isRoot(Name n) {
    return n.dir() && Arrays.equals(n.bytes(), new byte[] {'.'});
  }

  private static byte[] lastComponent(Name n) {
    byte[] b = n.bytes();
    int i = b.length;
    while (i > 0 && b[i - 1] != '/') {
      i--;
    }
    byte[] last = Arrays.copyOfRange(b, i, b.length);
    return last.length == 1 && last[0] == '.' ? new byte[] {'q'} : last;
  }

  private static byte[] concat(byte[] a, String b) {
    return concat(a, b.getBytes(UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static boolean startsWith(byte[] a, byte[] prefix) {
    return a.length >= prefix.length && Arrays.equals(Arrays.copyOf(a, prefix.length), prefix);
  }

  private static List<Byte> toList(byte[] bytes) {
    List<Byte> out = new ArrayList<>();
    for (byte b : bytes) {
      out.add(b);
    }
    return out;
  }

  private static byte[] toBytes(List<Byte> list) {
    byte[] out = new byte[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  private static byte[] join(List<byte[]> components) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < components.size(); i++) {
      if (i > 0) {
        out.write('/');
      }
      out.writeBytes(components.get(i));
    }
    return out.toByteArray();
  }
}
