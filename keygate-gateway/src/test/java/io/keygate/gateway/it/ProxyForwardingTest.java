package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProxyForwardingTest {
  static Vertx vertx;
  static TestUpstream upstream;
  static TestUpstream other;
  static GatewayHarness gw;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, "a");
    other = TestUpstream.start(vertx, "b");
    gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "echo.yaml",
                GatewayHarness.keylessApi("echo", "/echo/", upstream.url() + "/base", ""),
                "kept.yaml",
                "name: kept\nlisten: { path: /kept/, strip: false }\nupstream: { url: \""
                    + upstream.url()
                    + "\" }\nauth: { keyless: true }\n",
                "hosted.yaml",
                "name: hosted\nlisten: { path: /echo/, host: api.example.test }\nupstream: { url: \""
                    + other.url()
                    + "\" }\nauth: { keyless: true }\n"),
            io.keygate.gateway.GatewayServices.keylessOnly(),
            o -> o.withH2c(true));
  }

  @AfterAll
  static void stop() {
    gw.close();
    vertx.close().await();
  }

  private static JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  @Test
  void methodPathQueryHeadersAndBody_reachTheUpstreamUnchanged() {
    HttpResponse<String> r =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/echo/orders/42?b=2&a=%20x&a=1"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"amount\": 12.50}"))
                .header("X-Custom", "one")
                .header("X-Custom", "two")
                .header("Content-Type", "application/json")
                .build());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject echo = json(r);
    assertThat(echo.getString("method")).isEqualTo("PATCH");
    assertThat(echo.getString("uri")).isEqualTo("/base/orders/42?b=2&a=%20x&a=1");
    assertThat(echo.getJsonObject("headers").getJsonArray("x-custom").getList())
        .containsExactly("one", "two");
    assertThat(echo.getLong("bodyLength")).isEqualTo(17);
    assertThat(echo.getJsonObject("headers").getJsonArray("host").getString(0))
        .isEqualTo("127.0.0.1:" + upstream.port());
  }

  @Test
  void hopByHopHeaders_areRemovedBothWays() {
    String answer =
        gw.raw(
            "GET /echo/h HTTP/1.1\r\nHost: x\r\nConnection: close, X-Secret-Hop\r\n"
                + "X-Secret-Hop: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    JsonObject headers =
        new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4)).getJsonObject("headers");
    assertThat(headers.fieldNames())
        .doesNotContain("x-secret-hop", "keep-alive", "te", "proxy-authorization", "upgrade");
    assertThat(answer.toLowerCase()).doesNotContain("x-hop:").doesNotContain("keep-alive: timeout");
  }

  @Test
  void forwardedHeaders_replaceWhatTheClientSent() {
    HttpResponse<String> r =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/echo/f"))
                .header("X-Forwarded-For", "6.6.6.6")
                .header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "for=1.2.3.4;host=evil.example")
                .header("X-Real-IP", "1.2.3.4")
                .build());
    JsonObject headers = json(r).getJsonObject("headers");
    assertThat(headers.getJsonArray("x-forwarded-for").getList()).containsExactly("127.0.0.1");
    assertThat(headers.getJsonArray("x-forwarded-proto").getList()).containsExactly("http");
    assertThat(headers.getJsonArray("x-forwarded-host").getList())
        .containsExactly("127.0.0.1:" + gw.gateway.port());
    assertThat(headers.getJsonArray("forwarded").getList())
        .containsExactly("for=127.0.0.1;proto=http;host=\"127.0.0.1:" + gw.gateway.port() + "\"");
    assertThat(headers.containsKey("x-real-ip")).isFalse();
  }

  @Test
  void saneClientRequestId_isKept_andAnInsaneOneIsReplaced() {
    HttpResponse<String> kept =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/echo/r"))
                .header("X-Request-Id", "trace-abc.123:4")
                .build());
    assertThat(kept.headers().firstValue("X-Request-Id")).contains("trace-abc.123:4");
    assertThat(json(kept).getJsonObject("headers").getJsonArray("x-request-id").getList())
        .containsExactly("trace-abc.123:4");

    HttpResponse<String> replaced =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/echo/r"))
                .header("X-Request-Id", "<script>")
                .build());
    String id = replaced.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(json(replaced).getJsonObject("headers").getJsonArray("x-request-id").getList())
        .containsExactly(id);
  }

  @Test
  void stripFalse_keepsTheListenPrefix() {
    assertThat(json(gw.get("/kept/a/b")).getString("uri")).isEqualTo("/kept/a/b");
    assertThat(json(gw.get("/echo/a/b")).getString("uri")).isEqualTo("/base/a/b");
    assertThat(json(gw.get("/echo")).getString("uri")).isEqualTo("/base/");
  }

  @Test
  void hostMatch_winsOverThePathOnlyRoute() {
    String hosted =
        gw.raw("GET /echo/x HTTP/1.1\r\nHost: API.example.test:8080\r\nConnection: close\r\n\r\n");
    assertThat(hosted).contains("X-Upstream: b");
    assertThat(json(gw.get("/echo/x")).getString("upstream")).isEqualTo("a");
  }

  @Test
  void unknownRoute_is404Json() {
    HttpResponse<String> r = gw.get("/nowhere/at/all");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":{\"code\":\"NoRoute\",\"message\":\"no API is mounted at this path\"}}");
  }

  @Test
  void upstreamStatusAndEmptyBodies_passThrough() {
    assertThat(gw.get("/echo/status/204").statusCode()).isEqualTo(204);
    assertThat(gw.get("/echo/status/418").statusCode()).isEqualTo(418);
    HttpResponse<String> head =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/echo/h"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void withH2cOn_aBodyArrivingWithTheHeadInOnePacket_isForwardedWhole() {
    String answer =
        gw.raw(
            "POST /echo/one HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    assertThat(answer).startsWith("HTTP/1.1 200").contains("\"bodyLength\":5");
  }

  @Test
  void http2Cleartext_isServedAndForwarded() {
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    try {
      HttpResponse<String> second =
          h2.send(
              HttpRequest.newBuilder(URI.create(gw.base() + "/echo/h2b")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> first =
          h2.send(
              HttpRequest.newBuilder(URI.create(gw.base() + "/echo/h2"))
                  .POST(HttpRequest.BodyPublishers.ofString("hello"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(json(second).getJsonObject("headers").containsKey("transfer-encoding")).isFalse();
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(json(first).getLong("bodyLength")).isEqualTo(5);
      assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(json(second).getString("uri")).isEqualTo("/base/h2b");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
