package io.keygate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A definitions folder that is gone (renamed during a deploy, an unmounted volume) is not an empty
 * folder: a reload then used to remove every API it held, and the gateway answered 404 for all of
 * them. Its previous definitions keep serving and the reload reports the missing folder; an empty
 * folder still removes what it held.
 */
class VanishedFolderHttpTest {
  Vertx vertx;
  HttpServer upstream;
  Gateway gateway;
  Path data;
  Path apis;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    upstream =
        vertx
            .createHttpServer()
            .requestHandler(r -> r.response().end("up"))
            .listen(0, "127.0.0.1")
            .await();
    data = Files.createTempDirectory("keygate-vanished");
    apis = Files.createDirectories(data.resolve("apis"));
    Files.createDirectories(data.resolve("policies"));
    Files.writeString(
        apis.resolve("live.yaml"),
        "name: live\nlisten: { path: /live/ }\nupstream: { url: \"http://127.0.0.1:"
            + upstream.actualPort()
            + "\" }\nauth: { keyless: true }\n");
    gateway =
        Gateway.start(
                vertx,
                GatewayOptions.defaults(data).withListen("127.0.0.1", 0).withWatch(false),
                GatewayServices.keylessOnly())
            .await();
  }

  @AfterEach
  void stop() {
    gateway.stop(Duration.ofSeconds(2)).await();
    vertx.close().await();
  }

  private int status(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void aMissingApisFolder_keepsItsApisServing_andIsReportedAsAProblem() throws Exception {
    Files.move(apis, data.resolve("apis.old"));

    Definitions after = gateway.definitions().reload().await();

    assertThat(after.apis()).containsOnlyKeys("live");
    assertThat(status("/live/x")).isEqualTo(200);
    assertThat(gateway.definitions().problems())
        .containsExactly(
            new DefinitionProblem(
                apis.toString(),
                0,
                0,
                "the folder does not exist; the definitions read from it before keep serving"));
  }

  @Test
  void anEmptyApisFolder_stillRemovesItsApis() throws Exception {
    Files.delete(apis.resolve("live.yaml"));

    Definitions after = gateway.definitions().reload().await();

    assertThat(after.apis()).isEmpty();
    assertThat(status("/live/x")).isEqualTo(404);
    assertThat(gateway.definitions().problems()).isEmpty();
  }
}
