package io.keygate.gateway.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayListenerTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static String get(int port) throws Exception {
    // A client of its own per request: a new connection each time, so the listener spreads them.
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }
  }

  @Test
  void connections_areSpreadOverTheEventLoops_andAllShareOnePort() throws Exception {
    GatewayListener listener =
        GatewayListener.start(
                vertx,
                "127.0.0.1",
                0,
                null,
                null,
                false,
                2,
                request -> request.response().end(Thread.currentThread().getName()),
                null)
            .await(10, TimeUnit.SECONDS);

    Set<String> threads = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      threads.add(get(listener.port()));
    }

    assertThat(listener.eventLoops()).isEqualTo(2);
    assertThat(threads).hasSize(2).allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
  }

  @Test
  void stop_closesEveryEventLoopsServer() throws Exception {
    GatewayListener listener =
        GatewayListener.start(
                vertx, "127.0.0.1", 0, null, null, false, 3, r -> r.response().end("ok"), null)
            .await(10, TimeUnit.SECONDS);
    int port = listener.port();
    assertThat(get(port)).isEqualTo("ok");

    listener.stop(Duration.ofSeconds(1)).await(10, TimeUnit.SECONDS);

    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> get(port)).isInstanceOf(java.net.ConnectException.class);
    }
  }

  @Test
  void twoListenersOnPortZero_getAFreePortEach() throws Exception {
    GatewayListener a =
        GatewayListener.start(
                vertx, "127.0.0.1", 0, null, null, false, 2, r -> r.response().end("a"), null)
            .await(10, TimeUnit.SECONDS);
    GatewayListener b =
        GatewayListener.start(
                vertx, "127.0.0.1", 0, null, null, false, 2, r -> r.response().end("b"), null)
            .await(10, TimeUnit.SECONDS);

    assertThat(a.port()).isPositive().isNotEqualTo(b.port());
    for (int i = 0; i < 4; i++) {
      assertThat(get(a.port())).isEqualTo("a");
      assertThat(get(b.port())).isEqualTo("b");
    }
  }

  @Test
  void fewerThanOneEventLoop_isRefused() {
    assertThatThrownBy(
            () ->
                GatewayListener.start(
                    vertx, "127.0.0.1", 0, null, null, false, 0, r -> r.response().end(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventLoops must be at least 1, not 0");
  }
}
