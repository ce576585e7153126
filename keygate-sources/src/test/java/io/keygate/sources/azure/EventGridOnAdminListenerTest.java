package io.keygate.sources.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.watch.PemTrust;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Event Grid webhook mounted as serve mounts it: a public route of the admin HTTPS listener
 * ({@code /v1/sources/azure/events}), reachable without the admin token but not without the webhook
 * key.
 */
class EventGridOnAdminListenerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/v1/sources/azure/events";
  private static final String VERSION = "00112233445566778899aabbccddeeff";

  @TempDir Path data;
  private Vertx vertx;
  private AdminServer server;
  private AzureSecretSource source;
  private HttpClient http;
  private final List<SecretEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    source =
        AzureSecretSource.create(
            AzureSourceOptions.of(
                    Map.of("payments", URI.create("https://contoso-payments.vault.azure.net/")),
                    AzureCredentialOptions.defaultChain())
                .withPollInterval(Duration.ZERO)
                .withEventGridKey(SecretValue.of("eg-key-0b7e")),
            EventGridHandlerTest.NO_TOKEN);
    source.subscribe(events::add);
    var tls = SelfSignedCertificate.loadOrGenerate(data, List.of());
    server =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(AdminToken.generate())
            .publicRoute(PATH, source.eventGridHandler())
            .start()
            .await(30, TimeUnit.SECONDS);
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(PemTrust.trusting(tls.certificate()))
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    server.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> post(String query, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + PATH + query))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void handshakeAndEvent_withTheKey_areAnsweredWithoutTheAdminToken() throws Exception {
    var validation =
        post(
            "?key=eg-key-0b7e",
            "[{\"eventType\":\"Microsoft.EventGrid.SubscriptionValidationEvent\","
                + "\"data\":{\"validationCode\":\"code-17\"}}]");
    var event =
        post(
            "?key=eg-key-0b7e",
            ("[{\"eventType\":\"Microsoft.KeyVault.SecretNewVersionCreated\",\"data\":{"
                    + "\"Id\":\"https://contoso-payments.vault.azure.net/secrets/api-token/%1$s\","
                    + "\"VaultName\":\"contoso-payments\",\"ObjectName\":\"api-token\","
                    + "\"Version\":\"%1$s\"}}]")
                .formatted(VERSION));

    assertThat(validation.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(validation.body()).path("validationResponse").asText())
        .isEqualTo("code-17");
    assertThat(event.statusCode()).isEqualTo(200);
    assertThat(events)
        .extracting(SecretEvent::type, SecretEvent::vault, SecretEvent::name, SecretEvent::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                SecretEvent.Type.NEW_VERSION, "payments", "api-token", VERSION));
  }

  @Test
  void deliveryWithoutTheKey_is401WithAJsonError() throws Exception {
    var response = post("", "[]");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
        .isEqualTo("Unauthorized");
    assertThat(events).isEmpty();
  }
}
