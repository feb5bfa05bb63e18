package io.mirrorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A transport option's rule is checked where the value is set, before any target is touched. */
class TransportOptionTest {
  private static final TransportOption<Integer> DEPTH =
      TransportOption.of("test.depth", Integer.class, 4).requiring(n -> n >= 1, "must be >= 1");
  private static final TransportOption<String> TOKEN =
      TransportOption.secret("test.token", String.class, "default")
          .requiring(t -> !t.isBlank(), "must not be blank");

  @Test
  void aValueThatBreaksTheRuleIsRefusedNamingKeyValueAndRule() {
    SyncOptions.Builder b = SyncOptions.builder();
    assertThatThrownBy(() -> b.option(DEPTH, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("test.depth (0) must be >= 1");
    assertThat(b.option(DEPTH, 2).build().option(DEPTH)).isEqualTo(2);
  }

  @Test
  void aSecretValueIsNeverShown() {
    assertThatThrownBy(() -> SyncOptions.builder().option(TOKEN, " "))
        .hasMessage("test.token (***) must not be blank");
  }

  @Test
  void aDefaultThatBreaksItsOwnRuleIsADeclarationError() {
    assertThatThrownBy(
            () -> TransportOption.of("test.bad", Integer.class, 0).requiring(n -> n > 0, "> 0"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
