package io.keygate.vault.server.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretValue;
import io.keygate.testfixtures.PinnedTls;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /v1/resolve} over real HTTPS: answers, refusals and bad input. */
class ResolveApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANARY = "canary-resolve-api-0c4d";

  @TempDir Path data;
  private SecretVault vault;
  private Vertx vertx;
  private AdminServer server;
  private String token;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    vault =
        SecretVault.open(
            VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO));
    vault.createVault("payments");
    vault.setSecret("payments", "token", SetSecretRequest.of(SecretValue.of(CANARY)));
    vertx = Vertx.vertx();
    AdminToken admin = AdminToken.loadOrCreate(data.resolve("admin-token")).token();
    token = Files.readString(data.resolve("admin-token")).strip();
    SelfSignedCertificate.TlsFiles tls = SelfSignedCertificate.loadOrGenerate(data, List.of());
    AdminServer.Builder builder =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(admin)
            .vault(vault, key);
    ResolveApi.addTo(builder, vault, TokenAuthenticator.builder(vertx).adminToken(admin).build());
    server = builder.start().await();
    http = HttpClient.newBuilder().sslContext(PinnedTls.trusting(tls.certificate())).build();
  }

  @AfterEach
  void stop() {
    server.close().await();
    vertx.close().await();
    vault.close();
  }

  private HttpResponse<String> send(String method, String authorization, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/v1/resolve"))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> response) throws Exception {
    JsonNode error = JSON.readTree(response.body()).path("error");
    return response.statusCode()
        + " "
        + error.path("code").asText()
        + ": "
        + error.path("message").asText();
  }

  @Test
  void callerWithTheRole_getsValueVersionAndExpiry_withNoStore() throws Exception {
    vault.roles().assign(Actor.admin("test", ""), "key:k1", Role.SECRETS_USER, Scope.parse("*"));

    HttpResponse<String> response =
        send(
            "POST",
            "Bearer " + token,
            "{\"vault\":\"payments\",\"name\":\"token\",\"principals\":[\"key:k1\",\"admin\"],"
                + "\"node\":\"gw-1\",\"api\":\"payments\",\"requestId\":\"r-1\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.path("value").asText()).isEqualTo(CANARY);
    assertThat(json.path("version").asText()).hasSize(32);
    assertThat(json.path("expires").isNull()).isTrue();
  }

  @Test
  void adminInTheCallersPrincipals_grantsNothing() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "Bearer " + token,
            "{\"vault\":\"payments\",\"name\":\"token\",\"principals\":[\"admin\"],"
                + "\"node\":\"gw-1\"}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
        .isEqualTo("ForbiddenByRbac");
    assertThat(response.body()).doesNotContain(CANARY);
  }

  static Stream<Arguments> badRequests() {
    String ok =
        "{\"vault\":\"payments\",\"name\":\"token\",\"principals\":[\"key:k1\"],\"node\":\"n\"}";
    return Stream.of(
        Arguments.of(
            "GET", true, null, "405 MethodNotAllowed: method GET is not allowed on /v1/resolve"),
        Arguments.of(
            "POST",
            false,
            ok,
            "401 Unauthorized: missing bearer token: send 'Authorization: Bearer <token>'"),
        Arguments.of(
            "POST", true, "{\"vault\":", "400 BadParameter: request body is not valid JSON"),
        Arguments.of(
            "POST",
            true,
            "{\"vault\":\"payments\",\"name\":\"token\",\"node\":\"n\"}",
            "400 BadParameter: field 'principals' must be a non-empty array of strings"),
        Arguments.of(
            "POST",
            true,
            "{\"vault\":\"payments\",\"principals\":[\"key:k1\"],\"node\":\"n\"}",
            "400 BadParameter: field 'name' is required"),
        Arguments.of(
            "POST",
            true,
            ok.replace("}", ",\"value\":\"x\"}"),
            "400 BadParameter: unknown field 'value'; allowed fields: [api, name, node,"
                + " principals, requestId, vault, version]"),
        Arguments.of(
            "POST",
            true,
            "{\"pad\":\"" + "x".repeat(20_000) + "\"}",
            "413 RequestTooLarge: request body is larger than 16384 bytes"));
  }

  @ParameterizedTest(name = "{0} {2} -> {3}")
  @MethodSource("badRequests")
  void badRequest_isAClearJsonError(String method, boolean authorized, String body, String expected)
      throws Exception {
    assertThat(error(send(method, authorized ? "Bearer " + token : null, body)))
        .isEqualTo(expected);
  }

  @Test
  void wrongToken_is401() throws Exception {
    String ok =
        "{\"vault\":\"payments\",\"name\":\"token\",\"principals\":[\"key:k1\"],\"node\":\"n\"}";
    HttpResponse<String> response = send("POST", "Bearer wrong", ok);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
        .isEqualTo("Unauthorized");
  }
}
