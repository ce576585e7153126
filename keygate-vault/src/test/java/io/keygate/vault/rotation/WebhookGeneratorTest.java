package io.keygate.vault.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.MutableClock;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.rotation.generators.Generators;
import io.keygate.vault.rotation.generators.WebhookSignature;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook generator against a real HTTPS server on 127.0.0.1 with a self-signed cert. */
class WebhookGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path temporary;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresToServe = new AtomicInteger();
  private volatile int failureStatus = 503;
  private volatile boolean answerValue;
  private HttpsServer server;
  private SecretVault vault;
  private Rotation rotation;
  private SecretValue hmacKey;

  @BeforeEach
  void start() throws Exception {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(LoopbackHttps.server()));
    server.createContext("/rotate", this::handle);
    server.start();

    VaultOptions options = TestVaults.sqlite(temporary.resolve("data"), clock);
    vault = SecretVault.open(options);
    rotation =
        Rotation.open(
            vault, options, Generators.trusting(LoopbackHttps.client()), Duration.ofDays(30));
    hmacKey = TestVaults.canary();
    vault.setSecret("default", "rotator-hmac", SetSecretRequest.of(hmacKey));
    vault.setSecret("default", "partner-key", SetSecretRequest.of(TestVaults.canary()));
  }

  @AfterEach
  void stop() {
    rotation.close();
    vault.close();
    server.stop(0);
  }

  @Test
  void sendMode_postsASignedNewValue_andStoresItWhenTheEndpointConfirms() {
    setPolicy("send", "");
    RotationRecord record = rotation.scheduler().rotateNow("default", "partner-key");
    assertThat(record.outcome()).isEqualTo("Succeeded");
    assertThat(received).hasSize(1);
    JsonNode body = received.get(0);
    assertThat(body.get("vault").asText()).isEqualTo("default");
    assertThat(body.get("name").asText()).isEqualTo("partner-key");
    assertThat(body.get("signatureValid").asBoolean()).isTrue();
    assertThat(vault.getSecret("default", "partner-key", Optional.empty()).value().reveal())
        .isEqualTo(body.get("value").asText());
  }

  @Test
  void receiveMode_storesTheValueTheEndpointReturns_afterRetryingAServerError() {
    answerValue = true;
    failuresToServe.set(1);
    setPolicy("receive", ", \"retries\": 2");
    RotationRecord record = rotation.scheduler().rotateNow("default", "partner-key");
    assertThat(record.outcome()).isEqualTo("Succeeded");
    assertThat(received).hasSize(2);
    assertThat(received.get(1).has("value")).isFalse();
    assertThat(vault.getSecret("default", "partner-key", Optional.empty()).value().reveal())
        .isEqualTo("from-the-endpoint-" + received.size());
  }

  @Test
  void clientErrorFromTheEndpoint_isNotRetried_andTheRotationFailsCleanly() {
    failureStatus = 401;
    failuresToServe.set(5);
    setPolicy("send", ", \"retries\": 3");
    RotationRecord record = rotation.scheduler().rotateNow("default", "partner-key");
    assertThat(record.outcome()).isEqualTo("Failed");
    assertThat(record.error())
        .contains(
            "rotation webhook https://127.0.0.1:"
                + server.getAddress().getPort()
                + "/rotate failed: HTTP 401");
    assertThat(received).hasSize(1);
    assertThat(vault.listVersions("default", "partner-key", 25, Optional.empty()).items())
        .hasSize(1);
  }

  private void setPolicy(String mode, String extra) {
    rotation
        .policies()
        .set(
            "default",
            "partner-key",
            RotationPolicyJson.parse(
                "{\"generator\": {\"type\": \"webhook\", \"url\": \"https://127.0.0.1:"
                    + server.getAddress().getPort()
                    + "/rotate?token=abc\", \"hmacKey\": \"rotator-hmac\","
                    + " \"mode\": \""
                    + mode
                    + "\", \"timeout\": \"PT5S\""
                    + extra
                    + "}}"));
  }

  private void handle(HttpExchange exchange) throws java.io.IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    long timestamp =
        Long.parseLong(exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER));
    boolean valid =
        WebhookSignature.verify(
            hmacKey,
            timestamp,
            body,
            exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
    com.fasterxml.jackson.databind.node.ObjectNode node =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body);
    node.put("signatureValid", valid);
    received.add(node);
    if (failuresToServe.getAndDecrement() > 0) {
      exchange.sendResponseHeaders(failureStatus, -1);
      exchange.close();
      return;
    }
    if (answerValue) {
      byte[] answer =
          ("{\"value\": \"from-the-endpoint-" + received.size() + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
    } else {
      exchange.sendResponseHeaders(204, -1);
    }
    exchange.close();
  }
}
