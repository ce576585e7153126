package io.keygate.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Access path patterns through real sockets and a real key store. A {@code **} segment between
 * slashes stands for zero or more segments, as in Ant and .gitignore patterns: {@code /a/**}{@code
 * /z} used to refuse {@code /a/z} with 403.
 */
class AccessPatternsHttpTest {
  static Vertx vertx;
  static HttpServer upstream;
  static GatewayDatabase db;
  static QuotaLedger quotas;
  static ApiKeys keys;
  static Gateway gateway;
  static String key;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream =
        vertx
            .createHttpServer()
            .requestHandler(r -> r.response().end(r.uri()))
            .listen(0, "127.0.0.1")
            .await();
    Path data = Files.createTempDirectory("keygate-access");
    Files.createDirectories(data.resolve("apis"));
    Files.createDirectories(data.resolve("policies"));
    Files.writeString(
        data.resolve("apis/files.yaml"),
        "name: files\nlisten: { path: /files/ }\nupstream: { url: \"http://127.0.0.1:"
            + upstream.actualPort()
            + "\" }\nauth: { apiKey: { header: X-API-Key } }\n");
    Files.writeString(
        data.resolve("policies/reader.yaml"),
        "name: reader\naccess:\n  - api: files\n    methods: [GET]\n"
            + "    paths: [/a/**/z, /**/readme, /docs/*.md, /archive/**]\n");
    db = GatewayDatabase.sqlite(data);
    quotas = QuotaLedger.open(db);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    key = keys.create("reader", "reader-app", null).key().reveal();
    gateway =
        Gateway.start(
                vertx,
                GatewayOptions.defaults(data).withListen("127.0.0.1", 0).withWatch(false),
                new GatewayServices(keys, null, quotas))
            .await();
  }

  @AfterAll
  static void stop() {
    gateway.stop(Duration.ofSeconds(2)).await();
    keys.close();
    quotas.close();
    db.close();
    vertx.close().await();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/files/a/z, 200",
    "/files/a/b/z, 200",
    "/files/a/b/c/z, 200",
    "/files/a/zz, 403",
    "/files/a/bz, 403",
    "/files/a/z/, 403",
    "/files/readme, 200",
    "/files/x/y/readme, 200",
    "/files/xreadme, 403",
    "/files/docs/intro.md, 200",
    "/files/docs/x/intro.md, 403",
    "/files/archive, 200",
    "/files/archive/2026/11, 200",
    "/files/archived, 403",
  })
  void pathPatterns_grantExactlyWhatTheyDescribe(String path, int status) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header("X-API-Key", key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(status);
    if (status == 403) {
      assertThat(r.body())
          .isEqualTo(
              "{\"error\":{\"code\":\"AccessDenied\",\"message\":\"Policy 'reader' does not allow"
                  + " GET "
                  + path.substring("/files".length())
                  + " on API 'files'\"}}");
    } else {
      assertThat(r.body()).isEqualTo(path.substring("/files".length()));
    }
  }
}
