package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TLS listener (PEM certificate, ALPN h2 and http/1.1) and WebSocket pass-through. */
class TlsAndWebSocketTest {
  static Vertx vertx;
  static TestUpstream upstream;
  static GatewayHarness gw;
  static SelfSignedCertificate cert;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, "u");
    cert = SelfSignedCertificate.create("localhost");
    gw =
        GatewayHarness.start(
            vertx,
            Map.of("echo.yaml", GatewayHarness.keylessApi("echo", "/echo/", upstream.url(), "")),
            io.keygate.gateway.GatewayServices.keylessOnly(),
            o -> o.withTls(Path.of(cert.certificatePath()), Path.of(cert.privateKeyPath())));
  }

  @AfterAll
  static void stop() {
    gw.close();
    vertx.close().await();
  }

  /** Held in a field: Vert.x 5 closes a client nobody references any more. */
  private io.vertx.core.http.HttpClient client;

  private io.vertx.core.http.HttpClient client(HttpVersion version) {
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setSsl(true)
                .setUseAlpn(true)
                .setProtocolVersion(version)
                .setVerifyHost(false)
                .setTrustOptions(new PemTrustOptions().addCertPath(cert.certificatePath())));
    return client;
  }

  @Test
  void tlsListener_negotiatesHttp2WithAlpn() throws Exception {
    io.vertx.core.json.JsonObject echo =
        client(HttpVersion.HTTP_2)
            .request(HttpMethod.POST, gw.gateway.port(), "localhost", "/echo/tls")
            .compose(req -> req.send(Buffer.buffer("over tls")))
            .compose(
                response -> {
                  assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
                  assertThat(response.statusCode()).isEqualTo(200);
                  return response.body();
                })
            .map(Buffer::toJsonObject)
            .await(10, TimeUnit.SECONDS);
    assertThat(echo.getLong("bodyLength")).isEqualTo(8);
    assertThat(echo.getJsonObject("headers").getJsonArray("x-forwarded-proto").getString(0))
        .isEqualTo("https");
  }

  @Test
  void tlsListener_servesHttp11Too() throws Exception {
    var response =
        client(HttpVersion.HTTP_1_1)
            .request(HttpMethod.GET, gw.gateway.port(), "localhost", "/echo/tls11")
            .compose(req -> req.send())
            .await(10, TimeUnit.SECONDS);
    assertThat(response.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void webSocketUpgrade_isPassedThrough() throws Exception {
    WebSocketClient ws =
        vertx.createWebSocketClient(
            new io.vertx.core.http.WebSocketClientOptions()
                .setSsl(true)
                .setVerifyHost(false)
                .setTrustOptions(new PemTrustOptions().addCertPath(cert.certificatePath())));
    CompletableFuture<String> echoed = new CompletableFuture<>();
    var socket =
        ws.connect(
                new WebSocketConnectOptions()
                    .setHost("localhost")
                    .setPort(gw.gateway.port())
                    .setSsl(true)
                    .setURI("/echo/socket"))
            .await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(echoed::complete);
    socket.writeTextMessage("ping through the gateway");
    assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo("ping through the gateway");
    socket.close().await();
  }
}
