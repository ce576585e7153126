package io.keygate.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretTemplateTest {

  @Test
  void bearerTemplate_rendersTheSecretInPlace() {
    SecretTemplate template = SecretTemplate.parse("Bearer ${secret:payments/upstream-token}");

    assertThat(template.hasSecrets()).isTrue();
    assertThat(template.refs(Map.of())).containsExactly(SecretRef.of("payments", "upstream-token"));
    SecretValue rendered = template.render(Map.of(), ref -> SecretValue.of("tok-1"));
    assertThat(rendered.reveal()).isEqualTo("Bearer tok-1");
  }

  @Test
  void claimInsideAReference_picksTheCallersSecret() {
    SecretTemplate template = SecretTemplate.parse("${secret:crm/tenant-${claim.tid}}");

    assertThat(template.claims()).containsExactly("tid");
    assertThat(template.refs(Map.of("tid", "contoso")))
        .containsExactly(SecretRef.of("crm", "tenant-contoso"));
  }

  @Test
  void severalReferencesAndClaims_renderInOrder() {
    SecretTemplate template =
        SecretTemplate.parse("${claim.sub}:${secret:v/user}:${secret:v/pass#/p}");
    List<SecretRef> asked = new ArrayList<>();

    SecretValue rendered =
        template.render(
            Map.of("sub", "alice"),
            ref -> {
              asked.add(ref);
              return SecretValue.of(ref.name());
            });

    assertThat(rendered.reveal()).isEqualTo("alice:user:pass");
    assertThat(asked).extracting(SecretRef::toString).containsExactly("v/user", "v/pass#/p");
  }

  @Test
  void textWithoutReferences_isKeptAsIs() {
    SecretTemplate template = SecretTemplate.parse("plain $ {text} with $dollar");

    assertThat(template.hasSecrets()).isFalse();
    assertThat(template.render(Map.of(), ref -> null).reveal())
        .isEqualTo("plain $ {text} with $dollar");
  }

  @Test
  void missingClaim_isA400NamingTheClaim() {
    SecretTemplate template = SecretTemplate.parse("${secret:crm/tenant-${claim.tid}}");

    assertThatThrownBy(() -> template.refs(Map.of("sub", "x")))
        .isInstanceOfSatisfying(
            SecretAccessException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("ClaimMissing");
            })
        .hasMessage("the caller's token has no claim 'tid' that a secret reference needs");
  }

  @ParameterizedTest
  @CsvSource({"a/b", "x#0123456789abcdef0123456789abcdef", "x#/field", "'two words'", "''"})
  void claimValueThatWouldChangeTheReference_isRefused(String value) {
    SecretTemplate template = SecretTemplate.parse("${secret:crm/tenant-${claim.tid}}");

    assertThatThrownBy(() -> template.refs(Map.of("tid", value)))
        .isInstanceOfSatisfying(
            SecretAccessException.class, e -> assertThat(e.code()).isEqualTo("ClaimInvalid"))
        .hasMessage(
            "claim 'tid' cannot name a secret: its value must be 1 to 127 of 0-9, a-z, A-Z, -");
  }

  @Test
  void listClaim_isRefused() {
    SecretTemplate template = SecretTemplate.parse("${secret:crm/${claim.groups}}");

    assertThatThrownBy(() -> template.refs(Map.of("groups", List.of("a", "b"))))
        .hasMessage("claim 'groups' is not a single value");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Bearer ${secret:payments/token|template 'Bearer ${secret:payments/token' at position 8: ${secret: is not closed with '}'",
        "${secret:}|template '${secret:}' at position 1: ${secret:} names no secret",
        "${secret:payments}|secret reference 'payments' needs the form vault/name (e.g. payments/upstream-token)",
        "${secret:a/${secret:b/c}}|template '${secret:a/${secret:b/c}}' at position 12: only ${claim.name} may appear inside a secret reference",
        "${env:HOME}|template '${env:HOME}' at position 1: '${' must start ${secret:...} or ${claim.name}",
        "${claim.t id}|template '${claim.t id}' at position 1: claim name 't id' is invalid: use letters, digits, _ : -",
        "${secret:crm/${claim.tid|template '${secret:crm/${claim.tid' at position 14: ${claim. is not closed with '}'",
        "${secret:crm/t#${claim.v}}|secret reference 'crm/t#x' has an invalid version 'x': a version is 32 lowercase hex characters"
      })
  void badTemplate_isRefusedAtLoadWithPositionAndProblem(String text, String message) {
    assertThatThrownBy(() -> SecretTemplate.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Property
  void textWithoutDollarBrace_rendersUnchanged(@ForAll String text) {
    Assume.that(!text.contains("${"));

    SecretTemplate template = SecretTemplate.parse(text);

    assertThat(template.hasSecrets()).isFalse();
    assertThat(template.render(Map.of(), ref -> null).reveal()).isEqualTo(text);
  }

  @Property
  void anyClaimValue_eitherNamesASecretInTheSameVault_orIsRefused(@ForAll String tid) {
    SecretTemplate template = SecretTemplate.parse("${secret:crm/tenant-${claim.tid}}");

    try {
      List<SecretRef> refs = template.refs(Map.of("tid", tid));
      assertThat(refs).hasSize(1);
      assertThat(refs.get(0).vault()).isEqualTo("crm");
      assertThat(refs.get(0).name()).isEqualTo("tenant-" + tid);
      assertThat(refs.get(0).version()).isEmpty();
      assertThat(refs.get(0).field()).isEmpty();
    } catch (SecretAccessException refused) {
      assertThat(refused.code()).isEqualTo("ClaimInvalid");
    } catch (IllegalArgumentException tooLong) {
      // tenant- plus 127 characters is longer than a secret name may be
      assertThat(tooLong.getMessage()).contains("has an invalid secret name");
    }
  }
}
