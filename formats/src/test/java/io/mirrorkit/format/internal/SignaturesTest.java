package io.mirrorkit.format.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirrorkit.MetadataException;
import io.mirrorkit.MirrorPath;
import io.mirrorkit.format.ThrowawayGpg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Signatures} against signatures made by the real gpg with throwaway keys. */
class SignaturesTest {
  private static final MirrorPath RELEASE = MirrorPath.of("dists/d/Release");
  private static final MirrorPath RELEASE_GPG = MirrorPath.of("dists/d/Release.gpg");
  private static final MirrorPath IN_RELEASE = MirrorPath.of("dists/d/InRelease");
  private static final String TEXT =
      "Origin: test\nSuite: d\n- a dashed line\n---- and more dashes\nSHA256:\n "
          + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 0 main/x\n";

  @TempDir static Path dir;
  private static ThrowawayGpg gpg;
  private static ThrowawayGpg other;
  private static String rsa;
  private static String ed25519;
  private static String ecdsa;
  private static String stranger;
  private static Path data;

  @BeforeAll
  static void keys() throws IOException {
    gpg = ThrowawayGpg.create(dir.resolve("gnupg"));
    rsa = gpg.generateKey("RSA <rsa@example.org>", "default");
    ed25519 = gpg.generateKey("Ed <ed@example.org>", "ed25519");
    ecdsa = gpg.generateKey("Ec <ec@example.org>", "nistp256");
    other = ThrowawayGpg.create(dir.resolve("other"));
    stranger = other.generateKey("Stranger <s@example.org>", "ed25519");
    data = Files.writeString(dir.resolve("Release"), TEXT);
  }

  @AfterAll
  static void agents() throws IOException {
    gpg.close();
    other.close();
  }

  private static String key(String algorithm) {
    return switch (algorithm) {
      case "rsa" -> rsa;
      case "ed25519" -> ed25519;
      default -> ecdsa;
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ed25519", "ecdsa"})
  void detachedSignaturesVerifyBinaryAndArmoredWithEitherKeyring(String algorithm)
      throws IOException {
    String k = key(algorithm);
    for (boolean armoredSig : new boolean[] {false, true}) {
      Path sig = gpg.detachSign(data, dir.resolve(algorithm + armoredSig + ".sig"), armoredSig, k);
      for (boolean armoredKeys : new boolean[] {false, true}) {
        Path keyring = gpg.export(dir.resolve(algorithm + armoredKeys + ".keys"), armoredKeys, k);
        Signatures.verifyDetached(
            RELEASE, Files.readAllBytes(data), RELEASE_GPG, Files.readAllBytes(sig), keyring);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ed25519", "ecdsa"})
  void cleartextVerifiesAndGivesExactlyTheSignedText(String algorithm) throws IOException {
    String k = key(algorithm);
    Path inRelease = gpg.clearSign(data, dir.resolve(algorithm + ".InRelease"), k);
    Path keyring = gpg.export(dir.resolve(algorithm + ".asc"), true, k);
    byte[] message = Files.readAllBytes(inRelease);
    assertThat(new String(message, UTF_8)).contains("\n- - a dashed line\n");

    byte[] text = Signatures.verifyCleartext(IN_RELEASE, message, keyring);

    assertThat(new String(text, UTF_8)).isEqualTo(TEXT);
    assertThat(Signatures.cleartextBody(IN_RELEASE, message)).isEqualTo(text);
  }

  @Test
  void cleartextWithCrLfLineEndingsStillVerifies() throws IOException {
    Path inRelease = gpg.clearSign(data, dir.resolve("crlf.InRelease"), ed25519);
    Path keyring = gpg.export(dir.resolve("crlf.gpg"), false, ed25519);
    byte[] crlf = Files.readString(inRelease).replace("\n", "\r\n").getBytes(UTF_8);

    assertThat(new String(Signatures.verifyCleartext(IN_RELEASE, crlf, keyring), UTF_8))
        .isEqualTo(TEXT);
  }

  @Test
  void trailingWhitespaceIsNotPartOfTheSignedText() throws IOException {
    Path spaced = Files.writeString(dir.resolve("spaced"), "A: 1  \nB: 2\t\n");
    Path inRelease = gpg.clearSign(spaced, dir.resolve("spaced.InRelease"), rsa);
    Path keyring = gpg.export(dir.resolve("spaced.gpg"), false, rsa);
    String message = Files.readString(inRelease).replace("B: 2", "B: 2   ");

    byte[] text = Signatures.verifyCleartext(IN_RELEASE, message.getBytes(UTF_8), keyring);

    assertThat(new String(text, UTF_8)).isEqualTo("A: 1\nB: 2\n");
  }

  @Test
  void tamperedDataIsABadSignature() throws IOException {
    Path sig = gpg.detachSign(data, dir.resolve("t.sig"), false, ed25519);
    Path keyring = gpg.export(dir.resolve("t.gpg"), false, ed25519);
    byte[] tampered = TEXT.replace("Suite: d", "Suite: e").getBytes(UTF_8);

    assertThatThrownBy(
            () ->
                Signatures.verifyDetached(
                    RELEASE, tampered, RELEASE_GPG, Files.readAllBytes(sig), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/d/Release: bad signature: the file was changed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa", "ed25519", "ecdsa"})
  void tamperedCleartextIsABadSignature(String algorithm) throws IOException {
    String k = key(algorithm);
    Path inRelease = gpg.clearSign(data, dir.resolve(algorithm + ".t.InRelease"), k);
    Path keyring = gpg.export(dir.resolve(algorithm + ".t.gpg"), false, k);
    byte[] tampered =
        Files.readString(inRelease).replace("Origin: test", "Origin: evil").getBytes(UTF_8);

    assertThatThrownBy(() -> Signatures.verifyCleartext(IN_RELEASE, tampered, keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("dists/d/InRelease: bad signature: the file was changed");
  }

  @Test
  void aKeyOutsideTheKeyringIsAnUnknownKey() throws IOException {
    Path sig = other.detachSign(data, dir.resolve("s.sig"), true, stranger);
    Path inRelease = other.clearSign(data, dir.resolve("s.InRelease"), stranger);
    Path keyring = gpg.export(dir.resolve("mine.gpg"), false, rsa, ed25519, ecdsa);
    String id = stranger.substring(stranger.length() - 16);

    assertThatThrownBy(
            () ->
                Signatures.verifyDetached(
                    RELEASE,
                    Files.readAllBytes(data),
                    RELEASE_GPG,
                    Files.readAllBytes(sig),
                    keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/d/Release: signature by unknown key " + id)
        .hasMessageContaining("add the key to the keyring");
    assertThatThrownBy(
            () -> Signatures.verifyCleartext(IN_RELEASE, Files.readAllBytes(inRelease), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/d/InRelease: signature by unknown key " + id);
  }

  @Test
  void oneGoodSignatureOfSeveralIsEnough() throws IOException {
    Path inRelease = gpg.clearSign(data, dir.resolve("two.InRelease"), rsa, ed25519);
    Path sig = gpg.detachSign(data, dir.resolve("two.sig"), false, rsa, ed25519);
    Path onlyEd = gpg.export(dir.resolve("onlyEd.gpg"), false, ed25519);

    Signatures.verifyCleartext(IN_RELEASE, Files.readAllBytes(inRelease), onlyEd);
    Signatures.verifyDetached(
        RELEASE, Files.readAllBytes(data), RELEASE_GPG, Files.readAllBytes(sig), onlyEd);
  }

  @Test
  void gpgsOwnKeyboxIsAKeyring() throws IOException {
    Path sig = gpg.detachSign(data, dir.resolve("kbx.sig"), false, ecdsa);

    Signatures.verifyDetached(
        RELEASE,
        Files.readAllBytes(data),
        RELEASE_GPG,
        Files.readAllBytes(sig),
        gpg.home().resolve("pubring.kbx"));
  }

  @Test
  void concatenatedArmoredKeysAreAllRead() throws IOException {
    Path a = gpg.export(dir.resolve("a.asc"), true, rsa);
    Path b = gpg.export(dir.resolve("b.asc"), true, ed25519);
    Path both = dir.resolve("both.asc");
    Files.writeString(both, Files.readString(a) + "\n" + Files.readString(b));
    Path sig = gpg.detachSign(data, dir.resolve("both.sig"), false, ed25519);

    Signatures.verifyDetached(
        RELEASE, Files.readAllBytes(data), RELEASE_GPG, Files.readAllBytes(sig), both);
  }

  @Test
  void whatIsNotSignedSaysSo() throws IOException {
    Path keyring = gpg.export(dir.resolve("n.gpg"), false, rsa);

    assertThatThrownBy(() -> Signatures.verifyCleartext(IN_RELEASE, TEXT.getBytes(UTF_8), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/d/InRelease: not signed");
    assertThatThrownBy(
            () ->
                Signatures.verifyDetached(
                    RELEASE, TEXT.getBytes(UTF_8), RELEASE_GPG, new byte[0], keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/d/Release.gpg: not signed");
    assertThatThrownBy(
            () ->
                Signatures.verifyDetached(
                    RELEASE, TEXT.getBytes(UTF_8), RELEASE_GPG, "garbage".getBytes(UTF_8), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("dists/d/Release.gpg: not signed");
  }

  @Test
  void textOutsideTheSignedBlockIsRefused() throws IOException {
    Path inRelease = gpg.clearSign(data, dir.resolve("outside.InRelease"), rsa);
    Path keyring = gpg.export(dir.resolve("outside.gpg"), false, rsa);
    String message = Files.readString(inRelease);

    assertThatThrownBy(
            () ->
                Signatures.verifyCleartext(
                    IN_RELEASE, (message + "Suite: evil\n").getBytes(UTF_8), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("text after the signature");
    assertThatThrownBy(
            () ->
                Signatures.verifyCleartext(
                    IN_RELEASE, ("Suite: evil\n" + message).getBytes(UTF_8), keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("not signed");
    assertThatThrownBy(
            () ->
                Signatures.verifyCleartext(
                    IN_RELEASE,
                    message.substring(0, message.indexOf("-----END")).getBytes(UTF_8),
                    keyring))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void aKeyringThatIsNoKeyringNamesIt() throws IOException {
    Path sig = gpg.detachSign(data, dir.resolve("k.sig"), false, rsa);
    Path notKeys = Files.writeString(dir.resolve("notkeys"), "hello");

    assertThatThrownBy(
            () ->
                Signatures.verifyDetached(
                    RELEASE,
                    Files.readAllBytes(data),
                    RELEASE_GPG,
                    Files.readAllBytes(sig),
                    notKeys))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("keyring " + notKeys);
  }
}
