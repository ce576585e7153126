package io.keygate.sources.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.sources.watch.RotationUnderLoad;
import io.keygate.vault.rbac.Role;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotations of a secret in Keygate's Azure Key Vault-compatible API while clients call an API whose
 * gateway injects it from azure://, through the official SDK: picked up by the poller, and, with
 * polling off, by Event Grid deliveries alone, with no failed request either way.
 */
class AzureRotationUnderLoadTest {
  @TempDir static Path data;
  @TempDir Path gatewayData;
  private static KeygateAzureServer keygate;
  private static KeygateAzureServer.App reader;

  @BeforeAll
  static void startKeygate() throws Exception {
    keygate = new KeygateAzureServer(data);
    reader = keygate.app(Role.SECRETS_USER, "payments");
  }

  @AfterAll
  static void stopKeygate() throws Exception {
    keygate.close();
  }

  @Test
  void rotationsUnderLoad_pickedUpByThePoller_withoutAFailedRequest() throws Exception {
    keygate.set("polled-upstream", "tok-1");
    try (AzureSecretSource source =
            AzureSecretSource.create(
                keygate.options(reader).withPollInterval(Duration.ofMillis(100)));
        RotationUnderLoad rig =
            new RotationUnderLoad(
                gatewayData, source, "azure://payments/polled-upstream", "tok-1")) {
      rig.run(4, 5, next -> keygate.set("polled-upstream", next));

      assertThat(rig.failures()).isEmpty();
      assertThat(rig.failed()).isZero();
      assertThat(rig.succeeded()).isGreaterThan(100);
    }
  }

  @Test
  void rotationsUnderLoad_pickedUpFromEventGridAlone_withoutAFailedRequest() throws Exception {
    keygate.set("pushed-upstream", "tok-1");
    Vertx vertx = Vertx.vertx();
    HttpClient http = HttpClient.newHttpClient();
    try (AzureSecretSource source =
            AzureSecretSource.create(keygate.options(reader).withPollInterval(Duration.ZERO));
        RotationUnderLoad rig =
            new RotationUnderLoad(
                gatewayData, source, "azure://payments/pushed-upstream", "tok-1")) {
      Router router = Router.router(vertx);
      router.route("/events/azure").handler(source.eventGridHandler());
      HttpServer webhook =
          vertx
              .createHttpServer()
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .await(10, TimeUnit.SECONDS);
      URI hook = URI.create("http://127.0.0.1:" + webhook.actualPort() + "/events/azure");
      rig.run(4, 5, next -> deliver(http, hook, keygate.set("pushed-upstream", next)));

      assertThat(rig.failures()).isEmpty();
      assertThat(rig.failed()).isZero();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** What Event Grid posts when Key Vault commits a new version. */
  private static void deliver(HttpClient http, URI hook, String version) {
    String vaultUrl = keygate.vaultUrl("payments").toString();
    String event =
        """
        [{"id":"%1$s","topic":"/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/payments",
          "subject":"pushed-upstream","eventType":"Microsoft.KeyVault.SecretNewVersionCreated",
          "eventTime":"2026-11-29T06:00:00Z","dataVersion":"1","metadataVersion":"1",
          "data":{"Id":"%2$s/secrets/pushed-upstream/%1$s","VaultName":"payments",
                  "ObjectType":"Secret","ObjectName":"pushed-upstream","Version":"%1$s"}}]
        """
            .formatted(version, vaultUrl);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(hook)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(event))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("{\"accepted\":1}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
