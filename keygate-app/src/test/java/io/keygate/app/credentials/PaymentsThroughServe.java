package io.keygate.app.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.PaymentsApiFiles;
import io.keygate.app.RunningNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the serve-level credential tests share: the API {@code payments} (API key auth, injecting
 * {@code Bearer ${secret:payments/upstream-token}} into requests for an upstream on 127.0.0.1) and
 * its policy {@code standard}; the secret itself; a caller whose API key holds {@code
 * secrets-user}; and client load that counts every answer other than 200 while a test rotates the
 * secret.
 */
final class PaymentsThroughServe {
  static final String SECRET = "payments/upstream-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private PaymentsThroughServe() {}

  /**
   * A client of the gateway on {@code port} with an API key: its id (the principal is {@code
   * key:<id>}) and the key it sends.
   */
  record Caller(int port, String id, String key) {
    /** The status of {@code GET /payments/charge}; 0 when it got no answer. */
    int status() {
      try {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/payments/charge"))
                    .header("X-API-Key", key)
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
      } catch (Exception e) {
        return 0;
      }
    }

    @Override
    public String toString() {
      return "Caller[" + id + "]";
    }
  }

  /** How a load run went: requests sent, and how many of them did not get a 200. */
  record Load(int sent, int failed) {}

  /** One rotation of the secret, the {@code i}-th (from 1) of a load run. */
  interface Rotation {
    void rotate(int i) throws Exception;
  }

  /** Writes the policy {@code standard} and the API {@code payments} under {@code data}. */
  static void writeApi(Path data, int upstreamPort) throws Exception {
    PaymentsApiFiles.write(data, upstreamPort, SECRET);
  }

  /** Creates the vault {@code payments} and sets the secret's first value through the CLI. */
  static void createSecret(RunningNode node, String value) {
    RunningNode.Run vault = node.cli(null, "vault", "create", "payments");
    assertThat(vault.exitCode()).as(vault.toString()).isZero();
    RunningNode.Run set = node.cli(null, "secret", "set", SECRET, "--value", value);
    assertThat(set.exitCode()).as(set.toString()).isZero();
  }

  /**
   * A new API key on the policy {@code standard}, granted {@code secrets-user} on {@code scope},
   * once the gateway serves it (the node loads API definitions asynchronously).
   */
  static Caller servedCaller(RunningNode node, String scope) throws Exception {
    RunningNode.Run created = node.cli(null, "key", "create", "--policy", "standard", "-o", "json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    JsonNode json = JSON.readTree(created.out());
    Caller caller =
        new Caller(node.node.gatewayPort(), json.path("id").asText(), json.path("key").asText());
    RunningNode.Run assigned =
        node.cli(null, "role", "assign", "key:" + caller.id(), "secrets-user", "--scope", scope);
    assertThat(assigned.exitCode()).as(assigned.toString()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> caller.status() == 200);
    return caller;
  }

  /**
   * Two clients call the API without pause while {@code rotation} runs {@code rotations} times,
   * each after at least five more requests went out, so every rotation happens under load; the
   * clients stop after ten more requests past the last one.
   */
  static Load underLoad(Caller caller, int rotations, Rotation rotation) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (int c = 0; c < 2; c++) {
        clients.submit(
            () -> {
              while (running.get()) {
                if (caller.status() != 200) {
                  failed.incrementAndGet();
                }
                sent.incrementAndGet();
              }
            });
      }
      for (int i = 1; i <= rotations; i++) {
        int before = sent.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= before + 5);
        rotation.rotate(i);
      }
      int atEnd = sent.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= atEnd + 10);
      running.set(false);
      clients.shutdown();
      await().atMost(Duration.ofSeconds(10)).until(clients::isTerminated);
      return new Load(sent.get(), failed.get());
    } finally {
      running.set(false);
      clients.shutdownNow();
    }
  }
}
