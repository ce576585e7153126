package io.keygate.sources.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.watch.PemTrust;
import io.keygate.vault.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event stream client against a scripted SSE server over real HTTPS: resuming with
 * Last-Event-ID, the reset signal, and a silent stream.
 */
class EventStreamClientTest {
  private static final String NEW_VERSION =
      "id: 7\nevent: Microsoft.KeyVault.SecretNewVersionCreated\n"
          + "data: {\"eventTime\":\"2026-01-02T03:04:05Z\",\"data\":{\"VaultName\":\"payments\","
          + "\"ObjectName\":\"token\",\"Version\":\"v2\"}}\n\n";

  @TempDir Path data;
  private final Vertx vertx = Vertx.vertx();
  private final List<String> lastEventIds = Collections.synchronizedList(new ArrayList<>());
  private final Queue<SecretEvent> events = new ConcurrentLinkedQueue<>();
  private EventStreamClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    vertx.close().await();
  }

  /** Starts a server that hands the n-th connection (from 0) to {@code script}. */
  private RemoteVaultOptions serve(
      BiConsumer<Integer, HttpServerResponse> script, Duration idleTimeout) {
    SelfSignedCertificate.TlsFiles tls =
        SelfSignedCertificate.loadOrGenerate(data, List.of("127.0.0.1"));
    HttpServer server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setSsl(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath(tls.certificate().toString())
                            .setKeyPath(tls.privateKey().toString())))
            .requestHandler(
                request -> {
                  int connection = lastEventIds.size();
                  lastEventIds.add(String.valueOf(request.getHeader("Last-Event-ID")));
                  HttpServerResponse response =
                      request
                          .response()
                          .setChunked(true)
                          .putHeader("Content-Type", "text/event-stream");
                  script.accept(connection, response);
                })
            .listen(0, "127.0.0.1")
            .await();
    return new RemoteVaultOptions(
        URI.create("https://127.0.0.1:" + server.actualPort()),
        Optional.of(tls.certificate()),
        new NodeCredential.Token(SecretValue.of("token")),
        Duration.ofSeconds(5),
        Duration.ofMillis(50),
        idleTimeout);
  }

  private void connect(RemoteVaultOptions options) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(PemTrust.trusting(options.caCertificate().get()))
            .build();
    client =
        new EventStreamClient(
            options, http, new NodeTokens(options, http, Clock.systemUTC()), Clock.systemUTC());
    client.subscribe(events::add);
    client.start();
  }

  private List<SecretEvent.Type> types() {
    return events.stream().map(SecretEvent::type).toList();
  }

  @Test
  void droppedStream_resumesFromTheLastEventId_andAResetMeansRevalidateEverything() {
    connect(
        serve(
            (connection, response) -> {
              if (connection == 0) {
                response.write(": stream open\n\n").compose(v -> response.end(NEW_VERSION));
              } else {
                response.write(": stream open\n\nevent: reset\ndata: {\"reason\":\"gap\"}\n\n");
              }
            },
            Duration.ofSeconds(45)));

    await().atMost(Duration.ofSeconds(10)).until(() -> types().size() >= 3);
    assertThat(types())
        .containsExactly(
            SecretEvent.Type.RESYNC, SecretEvent.Type.NEW_VERSION, SecretEvent.Type.RESYNC);
    SecretEvent rotated = List.copyOf(events).get(1);
    assertThat(rotated.vault()).isEqualTo("payments");
    assertThat(rotated.name()).isEqualTo("token");
    assertThat(rotated.version()).isEqualTo("v2");
    assertThat(rotated.at()).hasToString("2026-01-02T03:04:05Z");
    assertThat(lastEventIds).containsExactly("null", "7");
  }

  @Test
  void silentStream_isDroppedAndReconnected() {
    connect(
        serve(
            (connection, response) -> response.write(": stream open\n\n"), Duration.ofMillis(300)));

    await().atMost(Duration.ofSeconds(20)).until(() -> types().size() >= 2);
    assertThat(types()).containsOnly(SecretEvent.Type.RESYNC);
    assertThat(lastEventIds).hasSizeGreaterThanOrEqualTo(2).containsOnly("null");
  }
}
