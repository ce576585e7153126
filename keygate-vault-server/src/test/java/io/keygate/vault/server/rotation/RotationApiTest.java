package io.keygate.vault.server.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretValue;
import io.keygate.testfixtures.PinnedTls;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation policies, rotate-now, history and the event stream over the real admin listener. */
class RotationApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLICY =
      "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P30D\"},\"action\":{\"type\":\"Rotate\"}}],"
          + "\"attributes\":{\"expiryTime\":\"P90D\"},\"overlap\":\"P1D\","
          + "\"generator\":{\"type\":\"random\",\"length\":32}}";
  @TempDir Path data;
  private SecretVault vault;
  private Rotation rotation;
  private Vertx vertx;
  private AdminServer server;
  private AdminToken token;
  private HttpClient http;
  private SSLContext ssl;

  @BeforeEach
  void start() throws Exception {
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    VaultOptions options =
        VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO);
    vault = SecretVault.open(options);
    rotation = Rotation.open(vault, options);
    vertx = Vertx.vertx();
    token = AdminToken.loadOrCreate(data.resolve("admin-token")).token();
    SelfSignedCertificate.TlsFiles tls = SelfSignedCertificate.loadOrGenerate(data, List.of());
    AdminServer.Builder builder =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(token)
            .vault(vault, key);
    RotationApi.addTo(builder, vertx, rotation);
    server = builder.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    ssl = PinnedTls.trusting(tls.certificate());
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).build();
  }

  @AfterEach
  void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    rotation.close();
    vault.close();
  }

  @Test
  void policy_isSetAndShown_andBadPoliciesAre400WithAPreciseMessage() throws Exception {
    vault.setSecret(
        "default", "Db-Password", SetSecretRequest.of(SecretValue.of("kg-canary-api-1")));
    HttpResponse<String> none =
        call("GET", "/v1/rotation/vaults/default/secrets/db-password/policy", null);
    assertError(
        none, 404, "RotationPolicyNotFound", "secret default/db-password has no rotation policy");

    HttpResponse<String> set =
        call("PUT", "/v1/rotation/vaults/default/secrets/db-password/policy", POLICY);
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(set.body())).isEqualTo(JSON.readTree(POLICY));
    HttpResponse<String> shown =
        call("GET", "/v1/rotation/vaults/default/secrets/DB-PASSWORD/policy", null);
    assertThat(JSON.readTree(shown.body())).isEqualTo(JSON.readTree(POLICY));

    assertError(
        call(
            "PUT",
            "/v1/rotation/vaults/default/secrets/db-password/policy",
            POLICY.replace("P30D", "P100D")),
        400,
        "BadParameter",
        "Rotate at timeAfterCreate P100D comes at or after expiry (attributes.expiryTime P90D)");
    assertError(
        call(
            "PUT",
            "/v1/rotation/vaults/default/secrets/db-password/policy",
            POLICY.replace("\"length\":32", "\"length\":3")),
        400,
        "BadParameter",
        "generator random: length must be between 8 and 4096, was 3");
    assertError(
        call(
            "PUT",
            "/v1/rotation/vaults/default/secrets/db-password/policy",
            "{\"overlap\": \"tomorrow\"}"),
        400,
        "BadParameter",
        "overlap \"tomorrow\" is not an ISO-8601 duration (for example P90D, P1Y, PT12H)");
    assertError(
        call("PUT", "/v1/rotation/vaults/default/secrets/missing/policy", POLICY),
        404,
        "SecretNotFound",
        "secret default/missing not found");
    assertError(
        call(
            "PUT",
            "/v1/rotation/vaults/default/policy",
            "{\"generator\":{\"type\":\"webhook\",\"url\":\"http://example.com/r\",\"hmacKey\":\"k\"}}"),
        400,
        "BadParameter",
        "generator webhook: url must use https (http is allowed for loopback only with allowInsecureLoopback)");
    assertThat(call("PUT", "/v1/rotation/vaults/default/policy", POLICY).statusCode())
        .isEqualTo(200);
    assertThat(
            call("DELETE", "/v1/rotation/vaults/default/secrets/db-password/policy", null)
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void rotateNow_answersTheRecordWithoutTheValue_andTheHistoryListsIt() throws Exception {
    vault.setSecret("default", "api", SetSecretRequest.of(SecretValue.of("kg-canary-api-2")));
    assertError(
        call("POST", "/v1/rotation/vaults/default/secrets/api/rotate", null),
        400,
        "BadParameter",
        "secret default/api has no rotation policy with a generator");
    call("PUT", "/v1/rotation/vaults/default/secrets/api/policy", POLICY);
    HttpResponse<String> rotated =
        call("POST", "/v1/rotation/vaults/default/secrets/api/rotate", null);
    assertThat(rotated.statusCode()).isEqualTo(200);
    JsonNode record = JSON.readTree(rotated.body());
    assertThat(record.get("outcome").asText()).isEqualTo("Succeeded");
    assertThat(record.get("trigger").asText()).isEqualTo("manual");
    String value = vault.getSecret("default", "api", Optional.empty()).value().reveal();
    assertThat(rotated.body()).doesNotContain(value).doesNotContain("kg-canary-api-2");
    HttpResponse<String> history =
        call("GET", "/v1/rotation/vaults/default/secrets/api/history", null);
    assertThat(JSON.readTree(history.body()).get("value").get(0).get("newVersion").asText())
        .isEqualTo(record.get("newVersion").asText());
    assertThat(history.body()).doesNotContain(value);
    assertError(
        call("GET", "/v1/rotation/vaults/default/secrets/api/history?maxresults=0", null),
        400,
        "BadParameter",
        "maxresults must be a whole number from 1 to 100");
  }

  @Test
  void policyChangesAndRotateNow_areAuditedAsTheAdmin_withTheirOutcome() throws Exception {
    vault.setSecret("default", "audited", SetSecretRequest.of(SecretValue.of("kg-canary-api-3")));

    call("PUT", "/v1/rotation/vaults/default/secrets/audited/policy", POLICY);
    call("PUT", "/v1/rotation/vaults/default/secrets/audited/policy", "{\"overlap\": \"x\"}");
    call("PUT", "/v1/rotation/vaults/default/policy", POLICY);
    HttpResponse<String> rotated =
        call("POST", "/v1/rotation/vaults/default/secrets/audited/rotate", null);
    call("DELETE", "/v1/rotation/vaults/default/secrets/audited/policy", null);
    call("DELETE", "/v1/rotation/vaults/default/secrets/audited/policy", null);

    String newVersion = JSON.readTree(rotated.body()).get("newVersion").asText();
    assertThat(vault.audit().recent(7))
        .extracting(
            e ->
                e.onBehalfOf()
                    + " "
                    + (e.via().startsWith("node-") ? "node-*" : e.via())
                    + " "
                    + e.action()
                    + " "
                    + e.vault()
                    + "/"
                    + e.name()
                    + " "
                    + e.version()
                    + " "
                    + e.outcome()
                    + " "
                    + e.code())
        .containsExactly(
            "admin admin-api DELETE_ROTATION_POLICY default/audited  error RotationPolicyNotFound",
            "admin admin-api DELETE_ROTATION_POLICY default/audited  allowed ",
            "admin admin-api ROTATE_NOW default/audited " + newVersion + " allowed ",
            "system:rotation-scheduler node-* ROTATE default/audited " + newVersion + " allowed ",
            "admin admin-api SET_DEFAULT_ROTATION_POLICY default/  allowed ",
            "admin admin-api SET_ROTATION_POLICY default/audited  error BadParameter",
            "admin admin-api SET_ROTATION_POLICY default/audited  allowed ");
  }

  @Test
  void eventStream_isResumableWithLastEventId_afterTheSubscriberWasDownForAWhile()
      throws Exception {
    vault.setSecret("default", "a", SetSecretRequest.of(SecretValue.of("kg-canary-api-3")));
    List<String[]> first = readEvents("/v1/events?lastEventId=0", null, 1);
    assertThat(first.get(0)[1]).isEqualTo("Microsoft.KeyVault.SecretNewVersionCreated");
    JsonNode grid = JSON.readTree(first.get(0)[2]);
    assertThat(grid.get("subject").asText()).isEqualTo("a");
    assertThat(grid.get("data").get("VaultName").asText()).isEqualTo("default");
    assertThat(grid.get("data").get("ObjectType").asText()).isEqualTo("Secret");
    assertThat(grid.get("data").get("Version").asText())
        .isEqualTo(vault.getSecret("default", "a", Optional.empty()).properties().version());

    // The subscriber is down while these happen.
    vault.setSecret("default", "b", SetSecretRequest.of(SecretValue.of("kg-canary-api-4")));
    vault.setSecret("default", "c", SetSecretRequest.of(SecretValue.of("kg-canary-api-5")));

    List<String[]> resumed = readEvents("/v1/events?format=cloudevents", first.get(0)[0], 2);
    assertThat(resumed)
        .extracting(e -> JSON.readTree(e[2]).get("subject").asText())
        .containsExactly("b", "c");
    JsonNode cloud = JSON.readTree(resumed.get(0)[2]);
    assertThat(cloud.get("specversion").asText()).isEqualTo("1.0");
    assertThat(cloud.get("type").asText()).isEqualTo("Microsoft.KeyVault.SecretNewVersionCreated");
    assertThat(Long.parseLong(resumed.get(0)[0])).isGreaterThan(Long.parseLong(first.get(0)[0]));
    assertError(
        call("GET", "/v1/events", null, "Last-Event-ID", "soon"),
        400,
        "BadParameter",
        "Last-Event-ID must be a non-negative event sequence number");
  }

  @Test
  void subscriptions_areCreatedListedShownAndDeleted_andBadOnesAre400() throws Exception {
    vault.setSecret(
        "default", "events-hmac", SetSecretRequest.of(SecretValue.of("kg-canary-api-6")));
    assertError(
        call(
            "POST",
            "/v1/rotation/subscriptions",
            "{\"url\": \"http://example.com/e\", \"hmacKey\": \"default/events-hmac\"}"),
        400,
        "BadParameter",
        "subscription: url must use https (http is allowed for loopback only with allowInsecureLoopback)");
    assertError(
        call("POST", "/v1/rotation/subscriptions", "{\"url\": 1}"),
        400,
        "BadParameter",
        "subscription needs url and hmacKey strings, format a string, allowInsecureLoopback a boolean");
    assertError(
        call(
            "POST",
            "/v1/rotation/subscriptions",
            "{\"url\": \"https://hooks.example/e\", \"hmacKey\": \"default/missing\"}"),
        404,
        "SecretNotFound",
        "secret default/missing not found");
    HttpResponse<String> created =
        call(
            "POST",
            "/v1/rotation/subscriptions",
            "{\"url\": \"https://hooks.example/e?token=abc\", \"hmacKey\": \"default/events-hmac\", \"format\": \"cloudevents\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode subscription = JSON.readTree(created.body());
    assertThat(subscription.get("url").asText()).isEqualTo("https://hooks.example/e");
    assertThat(subscription.get("format").asText()).isEqualTo("cloudevents");
    String id = subscription.get("id").asText();
    assertThat(JSON.readTree(call("GET", "/v1/rotation/subscriptions", null).body()).get("value"))
        .hasSize(1);
    JsonNode shown = JSON.readTree(call("GET", "/v1/rotation/subscriptions/" + id, null).body());
    assertThat(shown.get("deadLetterEvents")).isEmpty();
    assertThat(call("DELETE", "/v1/rotation/subscriptions/" + id, null).statusCode())
        .isEqualTo(204);
    assertError(
        call("GET", "/v1/rotation/subscriptions/" + id, null),
        404,
        "SubscriptionNotFound",
        "event subscription " + id + " not found");
    assertThat(vault.audit().recent(3))
        .extracting(e -> e.action() + " " + e.name() + " " + e.outcome() + " " + e.code())
        .containsExactly(
            "DELETE_SUBSCRIPTION " + id + " allowed ",
            "CREATE_SUBSCRIPTION " + id + " allowed ",
            "CREATE_SUBSCRIPTION  error SecretNotFound");
    assertThat(vault.audit().recent(3).toString()).doesNotContain("token=abc");
  }

  /**
   * Reads {@code count} events ({id, event, data}) from the stream over a raw TLS socket, then
   * disconnects by closing the socket, as a subscriber that goes down does.
   */
  private List<String[]> readEvents(String path, String lastEventId, int count) throws Exception {
    try (SSLSocket socket =
        (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + token.reveal()
              + "\r\n"
              + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
              + "\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(reader.readLine()).isEqualTo("HTTP/1.1 200 OK");
      List<String> headers = new ArrayList<>();
      for (String line = reader.readLine(); !line.isEmpty(); line = reader.readLine()) {
        headers.add(line.toLowerCase(java.util.Locale.ROOT));
      }
      assertThat(headers).contains("content-type: text/event-stream; charset=utf-8");
      List<String[]> events = new ArrayList<>();
      String[] event = new String[3];
      // Chunk-size lines of the chunked encoding are skipped: they match no SSE field.
      for (String line = reader.readLine();
          line != null && events.size() < count;
          line = reader.readLine()) {
        if (line.startsWith("id: ")) {
          event[0] = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event[1] = line.substring(7);
        } else if (line.startsWith("data: ")) {
          event[2] = line.substring(6);
        } else if (line.isEmpty() && event[2] != null) {
          events.add(event);
          event = new String[3];
        }
      }
      return events;
    }
  }

  private HttpResponse<String> call(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token.reveal())
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(
      HttpResponse<String> response, int status, String code, String message) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isEqualTo(message);
  }

  private URI uri(String path) {
    return URI.create("https://127.0.0.1:" + server.port() + path);
  }
}
