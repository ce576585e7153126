package io.keygate.gateway.auth;

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
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A key in the query is read by the same rules that cut it from the upstream URL, through raw
 * sockets (the JDK client refuses the malformed escapes these tests need). Before, Vert.x's {@code
 * getParam} read it: {@code ?API_KEY=<key>} was accepted and forwarded to the upstream key and all,
 * and a malformed escape anywhere in the query answered 500.
 */
class QueryKeyHttpTest {
  static Vertx vertx;
  static HttpServer upstream;
  static final Queue<String> seen = new ConcurrentLinkedQueue<>();
  static GatewayDatabase db;
  static QuotaLedger quotas;
  static ApiKeys keys;
  static Gateway gateway;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  seen.add(r.uri());
                  r.response().end("ok");
                })
            .listen(0, "127.0.0.1")
            .await();
    Path data = Files.createTempDirectory("keygate-querykey");
    Files.createDirectories(data.resolve("apis"));
    Files.createDirectories(data.resolve("policies"));
    Files.writeString(
        data.resolve("apis/q.yaml"),
        "name: q\nlisten: { path: /q/ }\nupstream: { url: \"http://127.0.0.1:"
            + upstream.actualPort()
            + "\" }\nauth: { apiKey: { query: api_key } }\n");
    Files.writeString(data.resolve("policies/open.yaml"), "name: open\naccess: [q]\n");
    db = GatewayDatabase.sqlite(data);
    quotas = QuotaLedger.open(db);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    key = keys.create("open", "query-app", null).key().reveal();
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

  @BeforeEach
  void clear() {
    seen.clear();
  }

  /** The status line and body of GET {@code target}, sent as written. */
  private static String get(String target) throws Exception {
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              ("GET " + target + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String response = all.toString(StandardCharsets.ISO_8859_1);
      return response.substring(0, response.indexOf("\r\n"))
          + " "
          + response.substring(response.indexOf("\r\n\r\n") + 4);
    }
  }

  @Test
  void aMalformedEscapeElsewhereInTheQuery_isForwardedAsWritten_notA500() throws Exception {
    assertThat(get("/q/a?x=%zz&api_key=" + key)).isEqualTo("HTTP/1.1 200 OK ok");
    assertThat(seen).containsExactly("/a?x=%zz");
  }

  @Test
  void aMalformedEscapeInTheKey_isAnInvalidKey_notA500() throws Exception {
    assertThat(get("/q/a?api_key=%zz"))
        .isEqualTo(
            "HTTP/1.1 401 Unauthorized"
                + " {\"error\":{\"code\":\"InvalidApiKey\",\"message\":\"The API key is not valid\"}}");
    assertThat(get("/q/a?api_key=%")).startsWith("HTTP/1.1 401 Unauthorized");
    assertThat(seen).isEmpty();
  }

  @Test
  void theParameterNameIsExact_soAnotherCasingNeverCarriesTheKeyUpstream() throws Exception {
    assertThat(get("/q/a?API_KEY=" + key))
        .isEqualTo(
            "HTTP/1.1 401 Unauthorized {\"error\":{\"code\":\"MissingApiKey\",\"message\":\"An API"
                + " key is required in the 'api_key' query parameter\"}}");
    assertThat(seen).isEmpty();
  }

  @Test
  void aSemicolonIsPartOfTheValue_asForTheUpstream() throws Exception {
    assertThat(get("/q/a?api_key=" + key + ";x=1")).startsWith("HTTP/1.1 401 Unauthorized");
    assertThat(seen).isEmpty();
  }

  @Test
  void aPercentEncodedKey_isAccepted_andCutFromTheUpstreamUrl() throws Exception {
    String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("_", "%5F");
    assertThat(get("/q/a?b=1&api_key=" + encoded + "&c=2")).isEqualTo("HTTP/1.1 200 OK ok");
    assertThat(seen).containsExactly("/a?b=1&c=2");
  }
}
