package io.keygate.vault.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.vault.VaultException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ValidationPropertiesTest {

  @Property
  void namesOfLettersDigitsAndHyphens_upTo127_areAccepted(@ForAll("validNames") String name) {
    assertThatCode(() -> Validation.secretName(name)).doesNotThrowAnyException();
    assertThatCode(() -> Validation.vaultName(name)).doesNotThrowAnyException();
  }

  @Property
  void namesWithAnyOtherCharacter_areBadParameter(@ForAll("invalidNames") String name) {
    assertThatThrownBy(() -> Validation.secretName(name))
        .isInstanceOf(VaultException.BadParameter.class)
        .hasMessageEndingWith("is invalid: use 1 to 127 characters of 0-9, a-z, A-Z, -");
  }

  @Property
  void versionsAreExactly32LowercaseHex(@ForAll("versionLike") String version) {
    boolean valid = version.matches("[0-9a-f]{32}");
    if (valid) {
      assertThatCode(() -> Validation.version(version)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> Validation.version(version))
          .isInstanceOf(VaultException.BadParameter.class);
    }
  }

  @Property(tries = 50)
  void generatedVersions_areValidVersions(@ForAll("nothing") String ignored) {
    assertThatCode(() -> Validation.version(SecretOperations.newVersion()))
        .doesNotThrowAnyException();
  }

  @Provide
  Arbitrary<String> validNames() {
    return nameChars().ofMinLength(1).ofMaxLength(127);
  }

  private static net.jqwik.api.arbitraries.StringArbitrary nameChars() {
    return Arbitraries.strings().alpha().numeric().withChars('-');
  }

  @Provide
  Arbitrary<String> invalidNames() {
    Arbitrary<String> tooLong = Arbitraries.strings().alpha().ofMinLength(128).ofMaxLength(300);
    Arbitrary<String> badChar =
        Combinators.combine(
                nameChars().ofMaxLength(60),
                Arbitraries.chars().filter(c -> !String.valueOf(c).matches("[0-9a-zA-Z-]")),
                nameChars().ofMaxLength(60))
            .as((a, c, b) -> a + c + b);
    return Arbitraries.oneOf(tooLong, badChar, Arbitraries.just(""));
  }

  @Provide
  Arbitrary<String> versionLike() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(32),
        Arbitraries.strings().withChars("0123456789abcdefABCDEFg").ofMinLength(30).ofMaxLength(34));
  }

  @Provide
  Arbitrary<String> nothing() {
    return Arbitraries.just("");
  }
}
