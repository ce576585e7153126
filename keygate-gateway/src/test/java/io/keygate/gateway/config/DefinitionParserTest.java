package io.keygate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionParserTest {
  private static final String VALID =
      """
      name: payments
      listen: { path: /payments/, strip: true, host: api.example.com }
      upstream: { targets: ["http://10.0.0.1:8080", "https://10.0.0.2/base"], connectTimeout: 2s, readTimeout: 30s }
      auth:
        apiKey: { header: X-API-Key }
      policy: payments-standard
      inject:
        - header: Authorization
          value: "Bearer ${secret:payments/upstream-token}"
      """;

  private static String problems(String yaml) {
    try {
      DefinitionParser.api("payments.yaml", yaml);
      return "";
    } catch (DefinitionException e) {
      return e.getMessage();
    }
  }

  @Test
  void validApi_isRead() throws Exception {
    ApiDefinition api = DefinitionParser.api("payments.yaml", VALID);
    assertThat(api.name()).isEqualTo("payments");
    assertThat(api.listen().host()).isEqualTo("api.example.com");
    assertThat(api.upstream().targets()).hasSize(2);
    assertThat(api.auth().apiKey().header()).isEqualTo("X-API-Key");
    assertThat(api.inject().get(0).value()).isEqualTo("Bearer ${secret:payments/upstream-token}");
  }

  @Test
  void unknownField_isAnErrorWithFileLineAndTheKnownFields() {
    assertThat(problems("name: a\nlisten: { path: /a/, stirp: true }\n"))
        .isEqualTo(
            "payments.yaml:2:35: unknown field 'stirp' in listen; expected one of: host, path,"
                + " strip");
  }

  @Test
  void wrongType_namesTheField() {
    assertThat(problems("name: a\nlisten: { path: /a/, strip: maybe }\n"))
        .startsWith("payments.yaml:2:")
        .endsWith("'listen.strip': 'maybe' is not a valid boolean (true or false)");
  }

  @Test
  void duplicateKey_isAnError() {
    assertThat(problems("name: a\nname: b\n"))
        .startsWith("payments.yaml:2:")
        .contains("duplicate field 'name'");
  }

  @Test
  void semanticProblems_areAllReported_atTheirFields() {
    String yaml =
        """
        name: Payments!
        listen: { path: /pay/../x }
        upstream: { url: "ftp://x", readTimeout: soon }
        auth: { keyless: false }
        """;
    assertThat(problems(yaml).lines())
        .containsExactly(
            "payments.yaml:1:1: 'name' must be lower-case letters, digits, '.', '_' or '-' (at most 64)",
            "payments.yaml:2:11: 'listen.path' must start and end with '/' and contain no '%', '//', '.' or '..' segments: got '/pay/../x'",
            "payments.yaml:3:13: upstream URL 'ftp://x' must start with http:// or https://",
            "payments.yaml:3:29: 'upstream.readTimeout': 'soon' is not a duration; write a number and a unit: 250ms, 5s, 1m, 1h, 30d",
            "payments.yaml:4:9: 'auth.keyless' can only be true; choose apiKey or jwt instead");
  }

  @Test
  void missingAuth_andCredentialsInTheUrl_areRefused() {
    assertThat(
            problems("name: a\nlisten: { path: /a/ }\nupstream: { url: \"http://u:p@h\" }\n")
                .lines())
        .containsExactly(
            "payments.yaml:3:13: upstream URL must not carry credentials: use 'inject' with a secret reference",
            "payments.yaml: 'auth' is required: apiKey: {}, jwt: {...}, or keyless: true for a deliberately open API");
  }

  @Test
  void policy_isValidated() {
    assertThatThrownBy(
            () ->
                DefinitionParser.policy(
                    "gold.yaml",
                    "name: gold\naccess: [payments, {api: orders, methods: [GET, FETCH]}]\nrate: { requests: 0, per: 1s }\nquota: { max: 10 }\n"))
        .isInstanceOf(DefinitionException.class)
        .hasMessage(
            "gold.yaml:2:34: 'FETCH' is not an HTTP method\n"
                + "gold.yaml:3:9: 'rate.requests' must be a positive whole number\n"
                + "gold.yaml:4:1: 'quota.per' is required");
  }

  @Test
  void kind_isGuessedFromTheTopLevelFields(@TempDir Path dir) throws Exception {
    Path api = Files.writeString(dir.resolve("a.yaml"), VALID);
    Path policy = Files.writeString(dir.resolve("p.yaml"), "name: p\naccess: [a]\n");
    assertThat(DefinitionParser.kindOf(api)).isEqualTo(DefinitionParser.Kind.API);
    assertThat(DefinitionParser.kindOf(policy)).isEqualTo(DefinitionParser.Kind.POLICY);
  }

  @Test
  void durations_takeAUnit() {
    assertThat(Durations.parse("250ms").toMillis()).isEqualTo(250);
    assertThat(Durations.parse("30d").toDays()).isEqualTo(30);
    assertThatThrownBy(() -> Durations.parse("0s")).hasMessage("'0s' is not a positive duration");
  }
}
