package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole chain with the real key store (SQLite): Authenticate, Authorize and RateLimit sit
 * between the access log and Forward, and the key never reaches the upstream or the log.
 */
class SecuredChainTest {
  static Vertx vertx;
  static TestUpstream upstream;
  static GatewayHarness gw;
  static GatewayDatabase db;
  static ApiKeys keys;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, "u");
    Path data = Files.createTempDirectory("keygate-keys");
    db = GatewayDatabase.sqlite(data);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    key = keys.create("gold", "mobile-app", Duration.ofDays(1)).key().reveal();
    gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "orders.yaml",
                "name: orders\nlisten: { path: /orders/ }\nupstream: { url: \""
                    + upstream.url()
                    + "\" }\nauth: { apiKey: { header: X-API-Key } }\n",
                "open.yaml",
                GatewayHarness.keylessApi("open", "/open/", upstream.url(), "")),
            new GatewayServices(keys, null, QuotaLedger.open(db)),
            o -> o);
    Files.writeString(
        gw.dataDir.resolve("policies").resolve("gold.yaml"),
        "name: gold\naccess: [{api: orders, methods: [GET]}]\nrate: { requests: 3, per: 1m }\n");
    gw.gateway.definitions().reload().await();
  }

  @AfterAll
  static void stop() {
    gw.close();
    vertx.close().await();
  }

  private HttpResponse<String> get(String path, String apiKey) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base() + path));
    if (apiKey != null) {
      b.header("X-API-Key", apiKey);
    }
    return gw.send(b.build());
  }

  @Test
  void chainOrder_isDeclaredOnce() {
    assertThat(gw.gateway.definitions().current().policies()).containsKey("gold");
  }

  @Test
  void missingKey_is401_validKey_passes_andTheKeyIsNotForwarded() {
    HttpResponse<String> none = get("/orders/a", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).startsWith("{\"error\":{\"code\":");
    HttpResponse<String> ok = get("/orders/a", key);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).doesNotContain(key).doesNotContain("x-api-key");
    assertThat(get("/open/x", null).statusCode()).isEqualTo(200);
  }

  @Test
  void fourthRequestWithinTheRate_is429WithRetryAfter() {
    String limited = keys.create("gold", "burst", Duration.ofDays(1)).key().reveal();
    for (int i = 0; i < 3; i++) {
      assertThat(get("/orders/r", limited).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> r = get("/orders/r", limited);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void methodOutsideThePolicy_is403() {
    HttpResponse<String> r =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/orders/a"))
                .header("X-API-Key", key)
                .DELETE()
                .build());
    assertThat(r.statusCode()).isEqualTo(403);
  }
}
