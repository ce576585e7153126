package io.keygate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code inject:} entries are checked when the API is loaded, with file, line and column. */
class InjectValidationTest {
  private static final String HEAD =
      "name: a\nlisten: { path: /a/ }\nupstream: { url: \"http://h\" }\nauth: { apiKey: {} }\n";

  private static String problems(String inject) {
    try {
      DefinitionParser.api("a.yaml", HEAD + "inject:\n" + inject);
      return "";
    } catch (DefinitionException e) {
      return e.getMessage();
    }
  }

  @Test
  void wellFormedReferences_areAccepted() {
    assertThat(
            problems(
                "  - header: Authorization\n    value: \"Bearer ${secret:payments/upstream-token}\"\n"
                    + "  - query: key\n    value: \"${secret:crm/tenant-${claim.tid}#/apiKey}\"\n"
                    + "  - basic: true\n    value: \"${secret:db/user}:${secret:db/password}\"\n"))
        .isEmpty();
  }

  @Test
  void malformedReference_refusesTheDefinition_withFileAndLine() {
    assertThat(problems("  - header: X-Key\n    value: \"${secret:payments}\"\n").lines())
        .containsExactly(
            "a.yaml:7:5: 'inject.value': secret reference 'payments' needs the form vault/name"
                + " (e.g. payments/upstream-token)");
  }

  @Test
  void unclosedReference_refusesTheDefinition() {
    assertThat(problems("  - header: X-Key\n    value: \"${secret:payments/x\"\n").lines())
        .containsExactly(
            "a.yaml:7:5: 'inject.value': template '${secret:payments/x' at position 1:"
                + " ${secret: is not closed with '}'");
  }

  @Test
  void valueWithoutAnyReference_isRefused_becauseCredentialsNeverAppearInDefinitions() {
    assertThat(problems("  - header: X-Key\n    value: \"Bearer abc123\"\n").lines())
        .containsExactly(
            "a.yaml:7:5: 'inject.value' must contain a secret reference such as"
                + " ${secret:vault/name}: credentials never appear in API definitions");
  }

  @Test
  void badHeaderName_andTwoTargets_areRefused() {
    assertThat(
            problems(
                    "  - header: \"X Key\"\n    value: \"${secret:a/b}\"\n"
                        + "  - header: X-A\n    query: a\n    value: \"${secret:a/b}\"\n")
                .lines())
        .containsExactly(
            "a.yaml:6:5: 'inject.header' must be an HTTP header name",
            "a.yaml:8:5: each 'inject' entry needs exactly one of 'header', 'query', 'basic: true' or 'clientCertificate'");
  }

  @Test
  void framingHeader_cannotCarryACredential() {
    assertThat(problems("  - header: Content-Length\n    value: \"${secret:a/b}\"\n").lines())
        .containsExactly(
            "a.yaml:6:5: 'inject.header' cannot be 'Content-Length': it frames or routes the request");
  }

  private static String apiProblems(String yaml) {
    try {
      DefinitionParser.api("m.yaml", yaml);
      return "";
    } catch (DefinitionException e) {
      return e.getMessage();
    }
  }

  @Test
  void clientCertificate_isOneReferenceToAnHttpsUpstream() {
    String https =
        "name: m\nlisten: { path: /m/ }\nupstream: { url: \"https://h\" }\nauth: { apiKey: {} }\n";
    assertThat(
            apiProblems(
                https
                    + "inject:\n  - clientCertificate: \"${secret:payments/client-${claim.tid}}\"\n"))
        .isEmpty();
    assertThat(
            apiProblems(
                    HEAD.replace("name: a", "name: m")
                        + "inject:\n  - clientCertificate: \"cert ${secret:payments/c}\"\n"
                        + "    value: \"${secret:payments/c}\"\n")
                .lines())
        .containsExactly(
            "m.yaml:6:5: an 'inject' entry with 'clientCertificate' takes no 'header', 'query',"
                + " 'basic' or 'value'",
            "m.yaml:6:5: 'inject.clientCertificate' must be exactly one secret reference, such as"
                + " ${secret:payments/client-cert}, holding a PEM certificate chain and its key",
            "m.yaml:6:5: 'inject.clientCertificate' needs an https:// upstream: a client"
                + " certificate is presented in the TLS handshake");
  }

  @Test
  void upstreamCa_mustBeAnAbsolutePathToAFile() {
    assertThat(
            apiProblems(
                    "name: m\nlisten: { path: /m/ }\n"
                        + "upstream: { url: \"https://h\", ca: ca.pem }\nauth: { apiKey: {} }\n")
                .lines())
        .containsExactly("m.yaml:3:31: 'upstream.ca' must be an absolute path: got 'ca.pem'");
  }
}
