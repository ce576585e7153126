package io.keygate.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretValueTest {

  @Test
  void toString_neverShowsTheValue() {
    SecretValue value = SecretValue.of("canary-7f3a");

    assertThat(value.toString()).isEqualTo("[redacted]");
    assertThat(String.valueOf(value)).doesNotContain("canary");
  }

  @Test
  void resolvedSecret_toStringCarriesNoValue() {
    ResolvedSecret resolved =
        new ResolvedSecret(
            SecretRef.of("payments", "token"),
            SecretValue.of("canary-7f3a"),
            "v1",
            Optional.empty());

    assertThat(resolved.toString()).doesNotContain("canary").contains("[redacted]");
  }

  @Test
  void equalValues_compareEqual_andWipedValuesDoNot() {
    SecretValue a = SecretValue.of("same");
    SecretValue b = SecretValue.of("same");
    assertThat(a).isEqualTo(b);

    b.wipe();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void secretRef_printsItsCanonicalForm() {
    assertThat(SecretRef.of("payments", "token").withVersion("abc").toString())
        .isEqualTo("payments/token#abc");
  }
}
