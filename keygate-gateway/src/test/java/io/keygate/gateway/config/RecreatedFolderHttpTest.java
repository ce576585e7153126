package io.keygate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A deploy that replaces the APIs folder ({@code rm -rf apis && cp -r new/apis apis}) creates a new
 * directory. The watcher held a key for the old one only, so hot reload went silent until a restart
 * and the new definitions were never loaded; now the new folder is watched too.
 */
class RecreatedFolderHttpTest {
  Vertx vertx;
  HttpServer upstream;
  Gateway gateway;
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
    Path data = Files.createTempDirectory("keygate-recreated");
    apis = Files.createDirectories(data.resolve("apis"));
    Files.createDirectories(data.resolve("policies"));
    Files.writeString(apis.resolve("old.yaml"), api("old", "/old/"));
    gateway =
        Gateway.start(
                vertx,
                GatewayOptions.defaults(data).withListen("127.0.0.1", 0).withWatch(true),
                GatewayServices.keylessOnly())
            .await();
  }

  @AfterEach
  void stop() {
    gateway.stop(Duration.ofSeconds(2)).await();
    vertx.close().await();
  }

  private String api(String name, String path) {
    return "name: "
        + name
        + "\nlisten: { path: "
        + path
        + " }\nupstream: { url: \"http://127.0.0.1:"
        + upstream.actualPort()
        + "\" }\nauth: { keyless: true }\n";
  }

  private int status(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void aReplacedApisFolder_isWatchedAgain_andItsDefinitionsAreLoaded() throws Exception {
    try (Stream<Path> files = Files.walk(apis)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    // The watcher saw the old folder go (and keeps its APIs serving) before the new one comes.
    await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.definitions().problems().isEmpty());
    assertThat(status("/old/x")).isEqualTo(200);
    Files.createDirectories(apis);
    Files.writeString(apis.resolve("new.yaml"), api("new", "/new/"));

    await().atMost(Duration.ofSeconds(5)).until(() -> status("/new/x") == 200);
    assertThat(status("/old/x")).isEqualTo(404);
  }
}
