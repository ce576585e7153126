package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: stop accepting, let requests in flight finish, then close. */
class ShutdownTest {
  @Test
  void stop_letsARequestInFlightFinish_andRefusesNewConnections() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      TestUpstream upstream = TestUpstream.start(vertx, "u");
      GatewayHarness gw =
          GatewayHarness.start(
              vertx,
              Map.of("svc.yaml", GatewayHarness.keylessApi("svc", "/svc/", upstream.url(), "")));
      int port = gw.gateway.port();
      CompletableFuture<HttpResponse<String>> inFlight =
          gw.http.sendAsync(
              HttpRequest.newBuilder(URI.create(gw.base() + "/svc/hold")).build(),
              HttpResponse.BodyHandlers.ofString());
      await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.held.isEmpty());
      Future<Void> stopped = gw.gateway.stop(Duration.ofSeconds(10));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                      .isInstanceOf(ConnectException.class));
      assertThat(stopped.isComplete()).isFalse();
      upstream.release();
      HttpResponse<String> r = inFlight.get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("released by u");
      stopped.await();
      assertThat(gw.gateway.ready()).isFalse();
    } finally {
      vertx.close().await();
    }
  }
}
