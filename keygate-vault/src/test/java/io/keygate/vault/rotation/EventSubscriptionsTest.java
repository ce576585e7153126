package io.keygate.vault.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.MutableClock;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultException;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.events.DeadLetter;
import io.keygate.vault.events.EventSubscription;
import io.keygate.vault.rotation.generators.Generators;
import io.keygate.vault.rotation.generators.WebhookSignature;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event webhooks against a loopback HTTPS subscriber that is down for a while. */
class EventSubscriptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path temporary;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final AtomicBoolean down = new AtomicBoolean();
  private HttpsServer server;
  private SecretVault vault;
  private Rotation rotation;
  private SecretValue key;

  @BeforeEach
  void start() throws Exception {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(LoopbackHttps.server()));
    server.createContext("/events", this::handle);
    server.start();
    VaultOptions options = TestVaults.sqlite(temporary.resolve("data"), clock);
    vault = SecretVault.open(options);
    rotation =
        Rotation.open(
            vault, options, Generators.trusting(LoopbackHttps.client()), Duration.ofDays(30));
    key = TestVaults.canary();
    vault.setSecret("default", "events-hmac", SetSecretRequest.of(key));
  }

  @AfterEach
  void stop() {
    rotation.close();
    vault.close();
    server.stop(0);
  }

  @Test
  void subscriberDownForAWhile_getsEveryEventInOrderWhenBack() {
    EventSubscription subscription = subscribe();
    down.set(true);
    vault.setSecret("default", "a", SetSecretRequest.of(TestVaults.canary()));
    vault.setSecret("default", "b", SetSecretRequest.of(TestVaults.canary()));

    assertThat(rotation.subscriptions().deliverOnce(clock.instant())).isZero();
    EventSubscription failing = rotation.subscriptions().get(subscription.id());
    assertThat(failing.failures()).isEqualTo(1);
    assertThat(failing.lastError()).contains("HTTP 503");
    assertThat(failing.nextAttempt()).contains(clock.instant().plusSeconds(30));
    clock.advance(Duration.ofSeconds(29));
    assertThat(rotation.subscriptions().deliverOnce(clock.instant())).isZero();
    assertThat(received).hasSize(1);

    down.set(false);
    clock.advance(Duration.ofSeconds(1));
    assertThat(rotation.subscriptions().deliverOnce(clock.instant())).isEqualTo(2);
    assertThat(received.subList(1, 3))
        .extracting(e -> e.get("subject").asText())
        .containsExactly("a", "b");
    assertThat(received).allMatch(e -> e.get("signatureValid").asBoolean());
    assertThat(received.get(1).get("eventType").asText())
        .isEqualTo("Microsoft.KeyVault.SecretNewVersionCreated");
    assertThat(rotation.subscriptions().get(subscription.id()).failures()).isZero();
    assertThat(rotation.subscriptions().deliverOnce(clock.instant())).isZero();
  }

  @Test
  void eventFailingFiveTimes_isDeadLettered_andDeliveryMovesOn() {
    EventSubscription subscription = subscribe();
    down.set(true);
    vault.setSecret("default", "a", SetSecretRequest.of(TestVaults.canary()));
    for (int attempt = 0; attempt < 5; attempt++) {
      rotation.subscriptions().deliverOnce(clock.instant());
      clock.advance(Duration.ofMinutes(16));
    }
    List<DeadLetter> dead = rotation.subscriptions().deadLetters(subscription.id());
    assertThat(dead)
        .extracting(DeadLetter::name, DeadLetter::error)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "HTTP 503"));
    assertThat(rotation.subscriptions().get(subscription.id()).deadLetters()).isEqualTo(1);

    down.set(false);
    vault.setSecret("default", "b", SetSecretRequest.of(TestVaults.canary()));
    assertThat(rotation.subscriptions().deliverOnce(clock.instant())).isEqualTo(1);
    assertThat(received.get(received.size() - 1).get("subject").asText()).isEqualTo("b");
  }

  @Test
  void badSubscriptions_areRefusedWithAPreciseMessage() {
    assertThatThrownBy(
            () ->
                rotation
                    .subscriptions()
                    .create("http://example.com/e", "default/events-hmac", "eventgrid", false))
        .isInstanceOf(VaultException.BadParameter.class)
        .hasMessage(
            "subscription: url must use https (http is allowed for loopback only with allowInsecureLoopback)");
    assertThatThrownBy(
            () -> rotation.subscriptions().create(url(), "events-hmac", "eventgrid", false))
        .hasMessage("subscription: hmacKey must be VAULT/NAME of a secret");
    assertThatThrownBy(
            () -> rotation.subscriptions().create(url(), "default/events-hmac", "xml", false))
        .hasMessage("subscription: format must be eventgrid or cloudevents");
    assertThatThrownBy(() -> rotation.subscriptions().get("00000000000000000000000000000000"))
        .isInstanceOf(VaultException.NotFound.class)
        .hasMessage("event subscription 00000000000000000000000000000000 not found");
  }

  private EventSubscription subscribe() {
    return rotation.subscriptions().create(url(), "default/events-hmac", "eventgrid", false);
  }

  private String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/events";
  }

  private void handle(HttpExchange exchange) throws java.io.IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    long timestamp =
        Long.parseLong(exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER));
    com.fasterxml.jackson.databind.node.ObjectNode node =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body);
    node.put(
        "signatureValid",
        WebhookSignature.verify(
            key, timestamp, body, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER)));
    received.add(node);
    exchange.sendResponseHeaders(down.get() ? 503 : 204, -1);
    exchange.close();
  }
}
