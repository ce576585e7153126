package io.keygate.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRefsTest {
  private static final String V = "0123456789abcdef0123456789abcdef";

  @Test
  void plainReference_namesTheEmbeddedVaultsCurrentVersion() {
    assertThat(SecretRefs.parse("payments/upstream-token"))
        .isEqualTo(SecretRef.of("payments", "upstream-token"));
  }

  @Test
  void versionAndPointer_areBothKept() {
    SecretRef ref = SecretRefs.parse("payments/db#" + V + "#/credentials/password");

    assertThat(ref.version()).contains(V);
    assertThat(ref.field()).contains("/credentials/password");
    assertThat(SecretRefs.parse("payments/db#/user").field()).contains("/user");
    assertThat(SecretRefs.parse("payments/db#/user").version()).isEmpty();
  }

  @Test
  void otherSources_parseTheirOwnAddressForms() {
    assertThat(SecretRefs.parse("azure://kv-prod/db-password"))
        .isEqualTo(
            new SecretRef("azure", "kv-prod", "db-password", Optional.empty(), Optional.empty()));
    assertThat(SecretRefs.parse("keygate://payments/token#" + V).version()).contains(V);
    assertThat(SecretRefs.parse("hashicorp://secret/teams/payments/db#3#/password"))
        .isEqualTo(
            new SecretRef(
                "hashicorp",
                "secret",
                "teams/payments/db",
                Optional.of("3"),
                Optional.of("/password")));
    assertThat(SecretRefs.parse("env://UPSTREAM_TOKEN"))
        .isEqualTo(new SecretRef("env", "", "UPSTREAM_TOKEN", Optional.empty(), Optional.empty()));
    assertThat(SecretRefs.parse("file:///run/secrets/token").name())
        .isEqualTo("/run/secrets/token");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "payments/upstream-token",
        "payments/db#0123456789abcdef0123456789abcdef#/a~1b/c~0d",
        "azure://kv/name",
        "keygate://v/n#/x",
        "hashicorp://secret/a/b.c_d#12",
        "env://TOKEN#/user",
        "file:///run/secrets/token"
      })
  void toString_givesBackTheReferenceAsWritten(String text) {
    assertThat(SecretRefs.parse(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "payments|secret reference 'payments' needs the form vault/name (e.g. payments/upstream-token)",
        "payments/|secret reference 'payments/' has an invalid secret name '': use 1 to 127 of 0-9, a-z, A-Z, -",
        "pay_ments/token|secret reference 'pay_ments/token' has an invalid vault name 'pay_ments': use 1 to 127 of 0-9, a-z, A-Z, -",
        "payments/a/b|secret reference 'payments/a/b' has an invalid secret name 'a/b': use 1 to 127 of 0-9, a-z, A-Z, -",
        "payments/token#v1|secret reference 'payments/token#v1' has an invalid version 'v1': a version is 32 lowercase hex characters",
        "payments/token#/a~2|secret reference 'payments/token#/a~2' has an invalid JSON pointer '/a~2': '~' must be followed by 0 or 1 (RFC 6901)",
        "payments/token#0123456789abcdef0123456789abcdef#x|secret reference 'payments/token#0123456789abcdef0123456789abcdef#x' has a second '#' that does not start a JSON pointer ('#/field')",
        "gcp://p/s|secret reference 'gcp://p/s' has unknown source 'gcp'; use one of azure, hashicorp, keygate, env, file (or none for the embedded vault)",
        "env://1X|secret reference 'env://1X' needs an environment variable name (letters, digits, '_'), e.g. env://TOKEN",
        "env://X#"
            + "0123456789abcdef0123456789abcdef|secret reference 'env://X#0123456789abcdef0123456789abcdef' pins a version, but this source has no versions",
        "file://run/x|secret reference 'file://run/x' needs an absolute path, e.g. file:///run/secrets/token",
        "file:///run/../etc/passwd|secret reference 'file:///run/../etc/passwd' has an empty, '.' or '..' path segment",
        "hashicorp://secret|secret reference 'hashicorp://secret' needs the form hashicorp://mount/path/to/secret",
        "hashicorp://secret/a/../b|secret reference 'hashicorp://secret/a/../b' has an invalid path segment '..': use 0-9, a-z, A-Z, '.', '_', '-'",
        "hashicorp://secret/a#0|secret reference 'hashicorp://secret/a#0' has an invalid version '0': a KV v2 version is a positive number",
        "pay ments/x|secret reference 'pay ments/x' contains a space or a control character"
      })
  void badReference_isRefusedWithAPreciseMessage(String text, String message) {
    assertThatThrownBy(() -> SecretRefs.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void emptyReference_isRefused() {
    assertThatThrownBy(() -> SecretRefs.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret reference is empty");
  }

  @Property
  void anyValidReference_roundTripsThroughToString(@ForAll("references") SecretRef ref) {
    assertThat(SecretRefs.parse(ref.toString())).isEqualTo(ref);
  }

  @Property
  void arbitraryText_eitherParsesOrFailsWithIllegalArgument(@ForAll String text) {
    try {
      SecretRef ref = SecretRefs.parse(text);
      assertThat(SecretRefs.parse(ref.toString())).isEqualTo(ref);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).startsWith("secret reference");
    }
  }

  @Provide
  Arbitrary<SecretRef> references() {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .withChars('-', '0', '9')
            .ofMinLength(1)
            .ofMaxLength(127);
    Arbitrary<Optional<String>> versions =
        Arbitraries.strings().withChars("0123456789abcdef".toCharArray()).ofLength(32).optional();
    Arbitrary<Optional<String>> fields =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('/', '.', ' ', '#', '$')
            .ofMinLength(0)
            .ofMaxLength(20)
            .map(s -> "/" + s.replace(" ", "~0").replace("#", "~1"))
            .optional();
    Arbitrary<String> sources = Arbitraries.of(SecretRef.EMBEDDED, "keygate", "azure");
    return Combinators.combine(sources, names, names, versions, fields).as(SecretRef::new);
  }
}
