package io.keygate.sources.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The Event Grid webhook on a real Vert.x listener (127.0.0.1, ephemeral port), called over HTTP as
 * Event Grid calls it: the validation handshakes of both schemas, secret events mapped to the
 * reference's vault name, the shared key, and bad deliveries.
 */
class EventGridHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "0123456789abcdef0123456789abcdef";

  /** Never asked for a token: the webhook does not call Azure. */
  static final TokenCredential NO_TOKEN =
      request -> Mono.just(new AccessToken("unused", OffsetDateTime.now().plusHours(1)));

  private Vertx vertx;
  private HttpServer server;
  private AzureSecretSource source;
  private final List<SecretEvent> events = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    start(options());
  }

  private AzureSourceOptions options() {
    return AzureSourceOptions.of(
            Map.of("payments", URI.create("https://payments-kv.vault.azure.net/")),
            AzureCredentialOptions.defaultChain())
        .withPollInterval(Duration.ZERO);
  }

  private void start(AzureSourceOptions options) throws Exception {
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      source.close();
    }
    source = AzureSecretSource.create(options, NO_TOKEN);
    source.subscribe(events::add);
    Router router = Router.router(vertx);
    router.route("/events/azure").handler(source.eventGridHandler());
    router.post("/parsed/azure").handler(BodyHandler.create()).handler(source.eventGridHandler());
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String newVersionEvent(String vaultName, String id, String name) {
    return """
        [{"id":"e1","topic":"/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/%s",
          "subject":"%s","eventType":"Microsoft.KeyVault.SecretNewVersionCreated",
          "eventTime":"2026-11-29T06:00:00Z","dataVersion":"1","metadataVersion":"1",
          "data":{"Id":"%s","VaultName":"%s","ObjectType":"Secret","ObjectName":"%s",
                  "Version":"%s","NBF":null,"EXP":null}}]
        """
        .formatted(vaultName, name, id, vaultName, name, VERSION);
  }

  @Test
  void subscriptionValidation_answersWithTheValidationCode() throws Exception {
    var response =
        post(
            "/events/azure",
            """
            [{"id":"v1","topic":"/subscriptions/s","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
              "eventTime":"2026-11-29T06:00:00Z","dataVersion":"2","metadataVersion":"1",
              "data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
                      "validationUrl":"https://rp-eastus2.eventgrid.azure.net/validate"}}]
            """);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("validationResponse").asText())
        .isEqualTo("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");
    assertThat(events).isEmpty();
  }

  @Test
  void cloudEventsHandshake_allowsTheRequestingOrigin() throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.actualPort() + "/events/azure"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("WebHook-Request-Origin", "eventgrid.azure.net")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("WebHook-Allowed-Origin"))
        .contains("eventgrid.azure.net");
  }

  @Test
  void newVersionEvent_becomesANewVersionEventForTheConfiguredVaultName() throws Exception {
    var response =
        post(
            "/events/azure",
            newVersionEvent(
                "payments-kv",
                "https://payments-kv.vault.azure.net/secrets/db-password/" + VERSION,
                "db-password"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("accepted").asInt()).isEqualTo(1);
    assertThat(events).hasSize(1);
    SecretEvent event = events.get(0);
    assertThat(event.type()).isEqualTo(SecretEvent.Type.NEW_VERSION);
    assertThat(event.vault()).isEqualTo("payments");
    assertThat(event.name()).isEqualTo("db-password");
    assertThat(event.version()).isEqualTo(VERSION);
  }

  @Test
  void eventAfterABodyHandler_isReadFromTheParsedBody() throws Exception {
    var response =
        post(
            "/parsed/azure",
            newVersionEvent(
                "payments-kv",
                "https://payments-kv.vault.azure.net/secrets/db-password/" + VERSION,
                "db-password"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(events).extracting(SecretEvent::vault).containsExactly("payments");
  }

  @Test
  void cloudEventsSchema_nearExpiryAndExpired_becomeTheirEvents() throws Exception {
    String cloudEvents =
        """
        [{"specversion":"1.0","id":"c1","source":"/subscriptions/s/vaults/orders",
          "type":"Microsoft.KeyVault.SecretNearExpiry","subject":"api-key","time":"2026-11-29T06:00:00Z",
          "data":{"Id":"https://orders.vault.azure.net/secrets/api-key/%1$s","VaultName":"orders",
                  "ObjectType":"Secret","ObjectName":"api-key","Version":"%1$s"}},
         {"specversion":"1.0","id":"c2","source":"/subscriptions/s/vaults/orders",
          "type":"Microsoft.KeyVault.SecretExpired","subject":"api-key","time":"2026-11-29T06:00:00Z",
          "data":{"Id":"https://orders.vault.azure.net/secrets/api-key/%1$s","VaultName":"orders",
                  "ObjectType":"Secret","ObjectName":"api-key","Version":"%1$s"}}]
        """
            .formatted(VERSION);

    var response = post("/events/azure", cloudEvents);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(events)
        .extracting(SecretEvent::type, SecretEvent::vault, SecretEvent::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SecretEvent.Type.NEAR_EXPIRY, "orders", "api-key"),
            org.assertj.core.groups.Tuple.tuple(SecretEvent.Type.EXPIRED, "orders", "api-key"));
  }

  @Test
  void eventForAVaultNamedButMappedElsewhere_isSkipped() throws Exception {
    var response =
        post(
            "/events/azure",
            newVersionEvent(
                "payments",
                "https://payments.vault.azure.net/secrets/db-password/" + VERSION,
                "db-password"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("accepted").asInt()).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void withAKey_aDeliveryWithoutIt_is401AndPublishesNothing() throws Exception {
    start(options().withEventGridKey(SecretValue.of("hook-key-5f2a")));
    String body =
        newVersionEvent(
            "payments-kv",
            "https://payments-kv.vault.azure.net/secrets/db-password/" + VERSION,
            "db-password");

    var missing = post("/events/azure", body);
    var wrong = post("/events/azure?key=hook-key-5f2b", body);
    var right = post("/events/azure?key=hook-key-5f2a", body);

    assertThat(missing.statusCode()).isEqualTo(401);
    JsonNode error = JSON.readTree(missing.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("Unauthorized");
    assertThat(error.path("message").asText()).isEqualTo("the webhook key is missing or wrong");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(events).hasSize(1);
  }

  @Test
  void withAKey_theValidationHandshakeIsAnsweredWithoutIt_butNothingElse() throws Exception {
    start(options().withEventGridKey(SecretValue.of("hook-key-5f2a")));

    var validation =
        post(
            "/events/azure",
            "[{\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\","
                + "\"data\":{\"validationCode\":\"code-9\"}}]");
    var notJson = post("/events/azure", "{not json");
    var empty = post("/events/azure", "[]");

    assertThat(validation.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(validation.body()).path("validationResponse").asText())
        .isEqualTo("code-9");
    assertThat(notJson.statusCode()).isEqualTo(401);
    assertThat(empty.statusCode()).isEqualTo(401);
  }

  @Test
  void bodyThatIsNotJson_is400WithAJsonError() throws Exception {
    var response = post("/events/azure", "{not json");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("BadRequest");
    assertThat(error.path("message").asText()).isEqualTo("the body is not JSON");
  }

  @Test
  void validationEventWithoutItsCode_is400() throws Exception {
    var response =
        post(
            "/events/azure",
            "[{\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\",\"data\":{}}]");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
        .isEqualTo("a validation event carries no data.validationCode");
  }

  @Test
  void getInsteadOfPost_is405() throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.actualPort() + "/events/azure"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
        .isEqualTo("MethodNotAllowed");
  }
}
