package io.keygate.vault.server.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apps admin API (/v1/apps) over HTTPS. */
class AppsApiTest {
  @TempDir static Path data;
  static AzureFixture keygate;

  @BeforeAll
  static void start() throws Exception {
    keygate = new AzureFixture(data);
  }

  @AfterAll
  static void stop() throws Exception {
    keygate.close();
  }

  private static java.net.http.HttpResponse<String> call(String method, String path, String body)
      throws Exception {
    return keygate.send(
        method,
        "https://127.0.0.1:" + keygate.server.port() + path,
        body,
        "Bearer " + keygate.token.reveal(),
        "application/json");
  }

  @Test
  void credentials_areAddedListedAndRemoved_secretsShownOnlyOnce() throws Exception {
    JsonObject app =
        keygate.admin(
            "POST", "/v1/apps", new JsonObject().put("displayName", "ci").put("clientId", "ci-1"));
    assertThat(app.getString("clientId")).isEqualTo("ci-1");
    assertThat(app.getString("principal")).isEqualTo("app:ci-1");
    String first = app.getString("clientSecret");
    long inADay = java.time.Instant.now().plusSeconds(86_400).getEpochSecond();
    JsonObject second =
        keygate.admin("POST", "/v1/apps/ci-1/secrets", new JsonObject().put("expires", inADay));
    assertThat(
            second.getJsonArray("credentials").stream()
                .map(c -> ((JsonObject) c).getLong("expires")))
        .contains(inADay);
    assertThat(second.getString("clientSecret")).startsWith("kgs_").isNotEqualTo(first);
    TestCertificates certificate = TestCertificates.create(data, "ci-cert");
    JsonObject withCertificate =
        keygate.admin(
            "POST",
            "/v1/apps/ci-1/certificates",
            new JsonObject().put("certificate", certificate.certificatePem()));
    JsonArray credentials = withCertificate.getJsonArray("credentials");
    assertThat(credentials).hasSize(3);

    var listed = call("GET", "/v1/apps", null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body())
        .contains("ci-1")
        .doesNotContain(first)
        .doesNotContain(second.getString("clientSecret"));
    JsonObject one = keygate.admin("GET", "/v1/apps/ci-1", null);
    assertThat(one.containsKey("clientSecret")).isFalse();
    assertThat(
            one.getJsonArray("credentials").stream()
                .map(c -> ((JsonObject) c).getString("hint"))
                .filter(java.util.Objects::nonNull))
        .containsExactlyInAnyOrder(
            first.substring(0, 7), second.getString("clientSecret").substring(0, 7));

    String credentialId = credentials.getJsonObject(0).getString("id");
    assertThat(call("DELETE", "/v1/apps/ci-1/credentials/" + credentialId, null).statusCode())
        .isEqualTo(204);
    assertThat(keygate.admin("GET", "/v1/apps/ci-1", null).getJsonArray("credentials")).hasSize(2);
    assertThat(call("DELETE", "/v1/apps/ci-1", null).statusCode()).isEqualTo(204);
  }

  @Test
  void badInputAndUnknownApps_areClearErrors() throws Exception {
    var badCertificate =
        call(
            "POST",
            "/v1/apps",
            new JsonObject().put("displayName", "x").put("certificate", "not a pem").encode());
    assertThat(badCertificate.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(badCertificate.body()).getJsonObject("error").getString("message"))
        .isEqualTo("field 'certificate' is not a PEM X.509 certificate");
    var missingName = call("POST", "/v1/apps", "{}");
    assertThat(missingName.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(missingName.body()).getJsonObject("error").getString("message"))
        .isEqualTo("field 'displayName' is required");
    var pastExpiry =
        call(
            "POST",
            "/v1/apps",
            new JsonObject().put("displayName", "x").put("secretExpires", 1_000_000_000L).encode());
    assertThat(pastExpiry.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(pastExpiry.body()).getJsonObject("error").getString("message"))
        .isEqualTo("field 'secretExpires' must be a future time in Unix seconds");
    var unknown = call("GET", "/v1/apps/nobody", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getJsonObject("error").getString("code"))
        .isEqualTo("AppNotFound");
    keygate.admin(
        "POST", "/v1/apps", new JsonObject().put("displayName", "d").put("clientId", "dup"));
    var duplicate =
        call(
            "POST",
            "/v1/apps",
            new JsonObject().put("displayName", "d").put("clientId", "dup").encode());
    assertThat(duplicate.statusCode()).isEqualTo(409);
    var noToken =
        keygate.send(
            "GET", "https://127.0.0.1:" + keygate.server.port() + "/v1/apps", null, null, null);
    assertThat(noToken.statusCode()).isEqualTo(401);
  }
}
