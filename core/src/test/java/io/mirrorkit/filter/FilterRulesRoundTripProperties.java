package io.mirrorkit.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirrorkit.FilterRules;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link FilterRules#rsyncRules()} read back through {@link FilterRules.Builder#rule}. */
class FilterRulesRoundTripProperties {
  record Rule(boolean include, String pattern) {}

  /** Rules with grammar patterns, or arbitrary text that happens to be a valid pattern. */
  @Provide
  Arbitrary<List<Rule>> rules() {
    Arbitrary<String> text =
        Arbitraries.strings()
            .withChars("ab/*?[]!^-:\\ +#;é")
            .ofMinLength(1)
            .ofMaxLength(10)
            .filter(FilterRulesRoundTripProperties::isValidPattern);
    return Combinators.combine(
            Arbitraries.of(true, false), Arbitraries.oneOf(RsyncPatternGrammar.patterns(), text))
        .as(Rule::new)
        .list()
        .ofMaxSize(8);
  }

  private static boolean isValidPattern(String pattern) {
    try {
      FilterRules.builder().include(pattern);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Property
  void rsyncRulesReadBackGiveEqualRules(@ForAll("rules") List<Rule> rules) {
    FilterRules.Builder builder = FilterRules.builder();
    for (Rule rule : rules) {
      if (rule.include()) {
        builder.include(rule.pattern());
      } else {
        builder.exclude(rule.pattern());
      }
    }
    FilterRules original = builder.build();

    FilterRules.Builder readBack = FilterRules.builder();
    for (String line : original.rsyncRules()) {
      readBack.rule(line);
    }

    assertThat(readBack.build()).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(readBack.build().rsyncRules()).isEqualTo(original.rsyncRules());
  }
}
