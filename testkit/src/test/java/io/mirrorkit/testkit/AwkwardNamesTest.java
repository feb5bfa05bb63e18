package io.mirrorkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwkwardNamesTest {

  @TempDir Path temp;

  @Test
  void createsTheAwkwardNames() {
    TreeBuilder tree = TreeBuilder.at(temp).awkwardNames();

    for (String name :
        new String[] {
          "with space.txt",
          " leading space",
          "caf\u00e9.txt",
          "\u65e5\u672c\u8a9e.txt",
          "emoji-\ud83d\ude00.txt",
          "-rf",
          "--help",
          "#hash",
          "100%",
          "what?",
          "a&b=c",
          "semi;colon",
          ".hidden",
          "back\\slash"
        }) {
      assertThat(tree.path(name)).as(name).isRegularFile().hasContent(name);
    }
  }

  @Test
  void namesAreAtMost255BytesAndTheLongestAreExactly255() {
    Set<String> paths =
        Trees.snapshot(TreeBuilder.at(temp).awkwardNames().root()).entries().keySet();

    assertThat(paths)
        .flatMap(path -> List.of(path.split("/")))
        .allSatisfy(name -> assertThat(utf8Length(name)).isLessThanOrEqualTo(255));
    assertThat(paths)
        .filteredOn(path -> utf8Length(path) == 255)
        .hasSize(2)
        .anyMatch(path -> path.length() == 255)
        .anyMatch(path -> path.length() == 85);
  }

  @Test
  void namesAreNfcWithoutControlCharacters() {
    Set<String> paths =
        Trees.snapshot(TreeBuilder.at(temp).awkwardNames().root()).entries().keySet();

    assertThat(paths)
        .allSatisfy(path -> assertThat(Normalizer.isNormalized(path, Normalizer.Form.NFC)).isTrue())
        .allSatisfy(path -> assertThat(path.chars()).noneMatch(Character::isISOControl));
  }

  @Test
  void nestsThirtyDirectoriesDeep() {
    Set<String> paths =
        Trees.snapshot(TreeBuilder.at(temp).awkwardNames().root()).entries().keySet();

    assertThat(paths).anyMatch(path -> path.split("/").length == 31 && path.endsWith("/leaf"));
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
