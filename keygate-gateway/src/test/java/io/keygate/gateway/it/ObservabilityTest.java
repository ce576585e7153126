package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keygate.gateway.accesslog.AccessLog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The access log's JSON lines and the Prometheus meters. */
class ObservabilityTest {
  static Vertx vertx;
  static TestUpstream upstream;
  static GatewayHarness gw;
  static ListAppender<ILoggingEvent> access = new ListAppender<>();

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, "u");
    String dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = "http://127.0.0.1:" + s.getLocalPort();
    }
    gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "orders.yaml", GatewayHarness.keylessApi("orders", "/orders/", upstream.url(), ""),
                "gone.yaml", GatewayHarness.keylessApi("gone", "/gone/", dead, "")));
    access.start();
    ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).addAppender(access);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).detachAppender(access);
    gw.close();
    vertx.close().await();
  }

  private static JsonObject lineFor(String requestId) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> access.list.stream().anyMatch(e -> e.getFormattedMessage().contains(requestId)));
    return access.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains(requestId))
        .map(JsonObject::new)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void eachExchange_writesOneJsonAccessLine() {
    gw.send(
        HttpRequest.newBuilder(URI.create(gw.base() + "/orders/./a//b?token=s3cr3t"))
            .header("X-Request-Id", "log-test-1")
            .POST(HttpRequest.BodyPublishers.ofString("12345"))
            .build());
    JsonObject line = lineFor("log-test-1");
    assertThat(line.fieldNames())
        .containsExactlyInAnyOrder(
            "time",
            "requestId",
            "api",
            "consumer",
            "method",
            "path",
            "status",
            "upstreamMs",
            "totalMs",
            "bytesIn",
            "bytesOut");
    assertThat(line.getString("api")).isEqualTo("orders");
    assertThat(line.getString("consumer")).isEqualTo("anonymous");
    assertThat(line.getString("method")).isEqualTo("POST");
    assertThat(line.getString("path")).isEqualTo("/orders/a/b");
    assertThat(line.getInteger("status")).isEqualTo(200);
    assertThat(line.getDouble("upstreamMs")).isPositive();
    assertThat(line.getDouble("totalMs")).isGreaterThanOrEqualTo(line.getDouble("upstreamMs"));
    assertThat(line.getLong("bytesIn")).isGreaterThanOrEqualTo(5);
    assertThat(line.getLong("bytesOut")).isPositive();
    assertThat(line.encode()).doesNotContain("s3cr3t");
  }

  @Test
  void refusedRequests_areLoggedToo() {
    gw.send(
        HttpRequest.newBuilder(URI.create(gw.base() + "/nowhere"))
            .header("X-Request-Id", "ignored-for-refusals")
            .build());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                access.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("\"path\":\"/nowhere\"")));
  }

  @Test
  void metrics_countRequestsAndUpstreamErrors_perApiMethodAndStatusClass() {
    gw.get("/orders/m1");
    gw.get("/orders/m2");
    gw.get("/gone/x");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              String scrape = gw.gateway.metrics().scrape();
              assertThat(scrape)
                  .contains(
                      "keygate_requests_seconds_count{api=\"orders\",method=\"GET\",status=\"2xx\"}")
                  .contains(
                      "keygate_requests_seconds_bucket{api=\"orders\",method=\"GET\",status=\"2xx\",le=\"0.1\"}")
                  .contains(
                      "keygate_requests_seconds_count{api=\"gone\",method=\"GET\",status=\"5xx\"} 1")
                  .contains("keygate_upstream_errors_total{api=\"gone\",kind=\"refused\"} 1.0");
            });
  }
}
