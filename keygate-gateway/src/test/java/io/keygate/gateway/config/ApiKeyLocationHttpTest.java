package io.keygate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where an API expects its key must be somewhere a client can put it. {@code header: ""} and {@code
 * query: ""} used to load and fall back silently to {@code Authorization: Bearer}; a header name
 * with a space, or a framing header such as {@code Content-Length}, loaded an API nobody could
 * call. Such files are now refused on load, so the path answers 404 instead of a misleading 401.
 */
class ApiKeyLocationHttpTest {
  Vertx vertx;
  Gateway gateway;
  Path apis;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Path data = Files.createTempDirectory("keygate-keyloc");
    apis = Files.createDirectories(data.resolve("apis"));
    Files.createDirectories(data.resolve("policies"));
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

  private void api(String name, String apiKey) throws Exception {
    Files.writeString(
        apis.resolve(name + ".yaml"),
        "name: "
            + name
            + "\nlisten: { path: /"
            + name
            + "/ }\nupstream: { url: \"http://127.0.0.1:9\" }\nauth:\n  apiKey: "
            + apiKey
            + "\n");
  }

  @Test
  void keyLocationsNoClientCanUse_areRefusedOnLoad_andAnswerNoRoute() throws Exception {
    Map<String, String> refused =
        Map.of(
            "emptyheader", "'auth.apiKey.header' must be an HTTP header name",
            "spaceheader", "'auth.apiKey.header' must be an HTTP header name",
            "framing",
                "'auth.apiKey.header' cannot be 'Content-Length': it frames or routes the request",
            "emptyquery",
                "'auth.apiKey.query' must name a query parameter (letters, digits, - . _ ~)",
            "ampquery",
                "'auth.apiKey.query' must name a query parameter (letters, digits, - . _ ~)");
    api("emptyheader", "{ header: \"\" }");
    api("spaceheader", "{ header: \"X Api Key\" }");
    api("framing", "{ header: Content-Length }");
    api("emptyquery", "{ query: \"\" }");
    api("ampquery", "{ query: \"a&b\" }");
    api("good", "{ query: api_key }");
    gateway.definitions().reload().await();

    assertThat(gateway.definitions().current().apis()).containsOnlyKeys("good");
    for (var e : refused.entrySet()) {
      assertThat(gateway.definitions().problems())
          .as(e.getKey())
          .anySatisfy(
              p -> {
                assertThat(p.file()).isEqualTo(apis.resolve(e.getKey() + ".yaml").toString());
                assertThat(p.message()).isEqualTo(e.getValue());
              });
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + gateway.port() + "/" + e.getKey() + "/x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(404);
      assertThat(r.body()).contains("\"code\":\"NoRoute\"");
    }
  }
}
