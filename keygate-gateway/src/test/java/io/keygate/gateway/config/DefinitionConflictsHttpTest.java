package io.keygate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
 * Two files claiming the same API name, listen path or policy name: the definition already serving
 * keeps serving, and the newcomer is refused. Files used to be judged in name order only, so
 * dropping a new {@code aa.yaml} onto a live listen path took that path over and refused the API
 * that had been serving it — through real sockets, that is a different upstream answering.
 */
class DefinitionConflictsHttpTest {
  Vertx vertx;
  HttpServer upstream;
  Gateway gateway;
  Path apis;
  Path policies;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    upstream =
        vertx
            .createHttpServer()
            .requestHandler(r -> r.response().end(r.uri()))
            .listen(0, "127.0.0.1")
            .await();
    Path data = Files.createTempDirectory("keygate-claims");
    apis = Files.createDirectories(data.resolve("apis"));
    policies = Files.createDirectories(data.resolve("policies"));
    Files.writeString(apis.resolve("zz-live.yaml"), api("live", "/live/", "/live-upstream"));
    Files.writeString(apis.resolve("zz-other.yaml"), api("other", "/other/", "/other-upstream"));
    Files.writeString(
        policies.resolve("zz-gold.yaml"),
        "name: gold\naccess: [live]\nrate: {requests: 5, per: 1s}\n");
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

  private String api(String name, String path, String upstreamPath) {
    return "name: "
        + name
        + "\nlisten: { path: "
        + path
        + " }\nupstream: { url: \"http://127.0.0.1:"
        + upstream.actualPort()
        + upstreamPath
        + "\" }\nauth: { keyless: true }\n";
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aNewFileOnALiveListenPath_isRefused_andTheLiveApiKeepsServingIt() throws Exception {
    Files.writeString(apis.resolve("aa-new.yaml"), api("newcomer", "/live/", "/hijacked"));
    gateway.definitions().reload().await();

    HttpResponse<String> r = get("/live/x");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("/live-upstream/x");
    assertThat(gateway.definitions().problems())
        .containsExactly(
            new DefinitionProblem(
                apis.resolve("aa-new.yaml").toString(),
                0,
                0,
                "listen path '/live/' is already used by API 'live'"));
    assertThat(gateway.definitions().current().apis()).containsOnlyKeys("live", "other");
  }

  @Test
  void aNewFileReusingALiveApiName_isRefused_andTheLiveApiKeepsItsPath() throws Exception {
    Files.writeString(apis.resolve("aa-new.yaml"), api("live", "/elsewhere/", "/hijacked"));
    gateway.definitions().reload().await();

    assertThat(get("/live/x").body()).isEqualTo("/live-upstream/x");
    assertThat(get("/elsewhere/x").statusCode()).isEqualTo(404);
    assertThat(gateway.definitions().problems())
        .extracting(DefinitionProblem::message)
        .containsExactly("API 'live' is already defined in " + apis.resolve("zz-live.yaml"));
  }

  @Test
  void aChangedFileThatCollides_keepsItsPreviousVersionServing() throws Exception {
    Files.writeString(apis.resolve("zz-other.yaml"), api("other", "/live/", "/other-moved"));
    gateway.definitions().reload().await();

    assertThat(get("/live/x").body()).isEqualTo("/live-upstream/x");
    assertThat(get("/other/x").body()).isEqualTo("/other-upstream/x");
    assertThat(gateway.definitions().problems())
        .extracting(DefinitionProblem::message)
        .containsExactly("listen path '/live/' is already used by API 'live'");
  }

  @Test
  void aNewFileReusingALivePolicyName_isRefused_andThePolicyKeepsItsLimits() throws Exception {
    Files.writeString(
        policies.resolve("aa-gold.yaml"),
        "name: gold\naccess: ['*']\nrate: {requests: 9999, per: 1s}\n");
    gateway.definitions().reload().await();

    assertThat(gateway.definitions().current().policies().get("gold").rate().requests())
        .isEqualTo(5);
    assertThat(gateway.definitions().problems())
        .extracting(DefinitionProblem::file, DefinitionProblem::message)
        .containsExactly(
            tuple(
                policies.resolve("aa-gold.yaml").toString(),
                "policy 'gold' is already defined in " + policies.resolve("zz-gold.yaml")));
  }

  @Test
  void twoNewFilesInOneReload_theFirstByNameWins() throws Exception {
    Files.writeString(apis.resolve("zz-late.yaml"), api("late", "/contested/", "/late"));
    Files.writeString(apis.resolve("aa-early.yaml"), api("early", "/contested/", "/early"));
    gateway.definitions().reload().await();

    // Both are new to this reload: neither was serving, so file order decides, as before.
    assertThat(get("/contested/x").body()).isEqualTo("/early/x");
  }
}
