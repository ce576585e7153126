package io.keygate.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.testfixtures.PinnedTls;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is a 400 (or 413) JSON error that says what is wrong, never a 500. */
class SecretsApiBadInputTest {
  private static final String CANARY = "canary-7f3a9c-bad-input";
  private static final String SECRET = "/v1/vaults/default/secrets/bad-input";

  @TempDir static Path data;
  static RunningAdminServer api;

  @BeforeAll
  static void start() throws Exception {
    api = new RunningAdminServer(data, null);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  private static void assertBadParameter(RunningAdminServer.Answer answer, String message)
      throws Exception {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    assertThat(answer.errorCode()).isEqualTo("BadParameter");
    assertThat(answer.errorMessage()).isEqualTo(message);
    assertThat(answer.body()).doesNotContain(CANARY);
  }

  @Test
  void unknownField_namesTheField() throws Exception {
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\":\"" + CANARY + "\",\"valeu\":\"x\"}"),
        "unknown field 'valeu'; allowed fields: [attributes, contentType, tags, value]");
  }

  @Test
  void unknownAttribute_namesTheAttribute() throws Exception {
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\":\"" + CANARY + "\",\"attributes\":{\"created\":1}}"),
        "unknown field 'attributes.created'; allowed fields: [enabled, exp, nbf]");
  }

  @Test
  void malformedJson_saysWhereWithoutQuotingTheBody() throws Exception {
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\": " + CANARY + "}"),
        "request body is not valid JSON (line 1, column 18)");
  }

  @Test
  void truncatedJson_isRefused() throws Exception {
    var answer = api.call("PUT", SECRET, "{\"value\":\"" + CANARY);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorMessage()).startsWith("request body is not valid JSON");
    assertThat(answer.body()).doesNotContain(CANARY);
  }

  @Test
  void wrongType_namesTheFieldAndTheExpectedType() throws Exception {
    assertBadParameter(
        api.call(
            "PUT", SECRET, "{\"value\":\"x\",\"attributes\":{\"enabled\":\"" + CANARY + "\"}}"),
        "field 'attributes.enabled' must be true or false");
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\":" + 42 + "}"), "field 'value' must be a string");
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\":\"x\",\"tags\":{\"a\":1}}"),
        "field 'tags.a' must be a string");
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\":\"x\",\"attributes\":{\"exp\":1.5}}"),
        "field 'attributes.exp' must be a whole number");
  }

  @Test
  void missingValue_isRequired() throws Exception {
    assertBadParameter(api.call("PUT", SECRET, "{}"), "field 'value' is required");
  }

  @Test
  void emptyBody_isRefused() throws Exception {
    assertBadParameter(
        api.call("PUT", SECRET, ""), "request body is empty: a JSON object is expected");
  }

  @Test
  void nonObjectBody_isRefused() throws Exception {
    assertBadParameter(api.call("PUT", SECRET, "[1,2]"), "request body must be a JSON object");
  }

  @Test
  void duplicateField_isRefused() throws Exception {
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\":\"" + CANARY + "\",\"value\":\"y\"}"),
        "request body has the field 'value' twice");
  }

  @Test
  void trailingContent_isRefused() throws Exception {
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\":\"x\"} {}"),
        "request body has content after the JSON object");
  }

  @Test
  void oversizedValue_isRefusedWithTheLimit() throws Exception {
    String big = "x".repeat(25 * 1024 + 1);
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\":\"" + big + "\"}"),
        "secret value is 25601 bytes; the limit is 25600 bytes (25 KiB)");
  }

  @Test
  void oversizedBody_isRefusedWith413() throws Exception {
    String huge = "x".repeat(1024 * 1024 + 10);

    var answer = api.call("PUT", SECRET, "{\"value\":\"" + huge + "\"}");

    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.errorCode()).isEqualTo("RequestTooLarge");
    assertThat(answer.errorMessage())
        .isEqualTo("request body is larger than this endpoint accepts");
  }

  @Test
  void badSecretName_isRefused() throws Exception {
    assertBadParameter(
        api.call("PUT", "/v1/vaults/default/secrets/bad_name", "{\"value\":\"x\"}"),
        "secret name 'bad_name' is invalid: use 1 to 127 characters of 0-9, a-z, A-Z, -");
    assertBadParameter(
        api.call("PUT", "/v1/vaults/default/secrets/" + "a".repeat(128), "{\"value\":\"x\"}"),
        "secret name '"
            + "a".repeat(128)
            + "' is invalid: use 1 to 127 characters of 0-9, a-z, A-Z, -");
  }

  @Test
  void badVersion_isRefused() throws Exception {
    api.call("PUT", SECRET, "{\"value\":\"x\"}");
    assertBadParameter(
        api.call("GET", SECRET + "/NOT-A-VERSION", null),
        "secret version 'NOT-A-VERSION' is invalid: a version is 32 lowercase hex characters");
  }

  @Test
  void unknownVersion_is404() throws Exception {
    api.call("PUT", SECRET, "{\"value\":\"x\"}");

    var answer = api.call("GET", SECRET + "/" + "0".repeat(32), null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.errorCode()).isEqualTo("SecretNotFound");
  }

  @Test
  void outOfRangeTime_isRefused() throws Exception {
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\":\"x\",\"attributes\":{\"exp\":-1}}"),
        "field 'attributes.exp' must be Unix seconds between 0 and 253402300799");
  }

  @Test
  void updatingTheValue_isRefused() throws Exception {
    api.call("PUT", SECRET, "{\"value\":\"x\"}");
    assertBadParameter(
        api.call("PATCH", SECRET, "{\"value\":\"" + CANARY + "\"}"),
        "field 'value' cannot be updated: set a new version with PUT instead");
  }

  @Test
  void badMaxResults_isRefused() throws Exception {
    assertBadParameter(
        api.call("GET", "/v1/vaults/default/secrets?maxresults=0", null),
        "maxresults must be a whole number from 1 to 25");
    assertBadParameter(
        api.call("GET", "/v1/vaults/default/secrets?maxresults=lots", null),
        "maxresults must be a whole number from 1 to 25");
  }

  @Test
  void badSkipToken_isRefused() throws Exception {
    assertBadParameter(
        api.call("GET", "/v1/vaults/default/secrets?$skiptoken=garbage", null),
        "continuation token is invalid or belongs to another listing");
  }

  @Test
  void restoreOfNonBase64_isRefused() throws Exception {
    assertBadParameter(
        api.call("POST", "/v1/vaults/default/secrets/restore", "{\"value\":\"***\"}"),
        "field 'value' must be a backup blob in base64url");
  }

  @Test
  void restoreOfGarbage_isRefused() throws Exception {
    var answer =
        api.call("POST", "/v1/vaults/default/secrets/restore", "{\"value\":\"AAAAAAAAAAAA\"}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorCode()).isEqualTo("BadParameter");
    assertThat(answer.errorMessage()).startsWith("backup blob");
  }

  @Test
  void tooManyTags_isRefused() throws Exception {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      tags.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":\"v\"");
    }
    assertBadParameter(
        api.call("PUT", SECRET, "{\"value\":\"x\",\"tags\":{" + tags + "}}"),
        "at most 15 tags are allowed, got 16");
  }

  @Test
  void oddPaths_areClientErrorsNeverServerErrors() throws Exception {
    for (String path :
        new String[] {
          "/v1/vaults/default/secrets/a%2Fb",
          "/v1/vaults/default/secrets/a%00b",
          "/v1/vaults/default/secrets/a/b/c/d",
          "/v1/vaults/default/secrets?maxresults=99999999999999",
          "/v1/vaults/" + "v".repeat(300) + "/secrets",
        }) {
      var answer = api.call("GET", path, null);

      assertThat(answer.status()).as(path + " -> " + answer).isBetween(400, 499);
      assertThat(answer.errorCode()).as(path).isNotEmpty();
    }
  }

  @Test
  void malformedPercentEncoding_isA400() throws Exception {
    javax.net.ssl.SSLContext tls =
        PinnedTls.trusting(data.resolve(SelfSignedCertificate.CERTIFICATE_FILE));
    try (var socket = tls.getSocketFactory().createSocket("127.0.0.1", api.server.port())) {
      socket
          .getOutputStream()
          .write(
              ("GET /v1/vaults/default/secrets/%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Authorization: Bearer "
                      + api.token.reveal()
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(answer)
          .startsWith("HTTP/1.1 400")
          .contains("{\"error\":{\"code\":\"BadParameter\"");
    }
  }
}
