package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.credentials.InMemorySecretSource;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upstream mTLS with the client certificate taken from a secret, on behalf of the caller: a real
 * TLS upstream (its own CA, generated here) that requires a client certificate and answers with the
 * subject it saw. Rotating the secret switches the certificate, and no connection keeps presenting
 * the old one.
 */
class UpstreamMtlsTest {
  static Vertx vertx;
  static HttpServer upstream;
  static GatewayHarness gw;
  static InMemorySecretSource source = new InMemorySecretSource();
  static TestPki pki;
  static String key;
  static String principal;
  static final Map<HttpConnection, String> open = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    pki = new TestPki("keygate-test-ca");
    TestPki.Issued server = pki.server();
    upstream =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setSsl(true)
                    .setClientAuth(ClientAuth.REQUIRED)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .addCertValue(Buffer.buffer(server.certificatePem()))
                            .addKeyValue(Buffer.buffer(server.keyPem())))
                    .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pki.caPem))))
            .connectionHandler(
                c -> {
                  open.put(c, subject(c));
                  c.closeHandler(v -> open.remove(c));
                })
            .requestHandler(r -> r.response().end(subject(r.connection())))
            .listen(0, "127.0.0.1")
            .await();
    Path data = Files.createTempDirectory("keygate-mtls");
    Path ca = data.resolve("upstream-ca.pem");
    Files.writeString(ca, pki.caPem);
    GatewayDatabase db = GatewayDatabase.sqlite(data);
    ApiKeys keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    var created = keys.create("gold", "caller", Duration.ofDays(1));
    key = created.key().reveal();
    principal = "key:" + created.info().id();
    source.grant("key:" + created.info().id(), "payments", "client-cert");
    source.put("payments", "client-cert", pki.client("gateway-client-1").bundle());
    String url = "https://127.0.0.1:" + upstream.actualPort();
    gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "mtls.yaml",
                api(
                    "mtls",
                    url,
                    ca,
                    "inject:\n  - clientCertificate: \"${secret:payments/client-cert}\"\n"),
                "nocert.yaml",
                api("nocert", url, ca, "")),
            new GatewayServices(keys, null, QuotaLedger.open(db)).withSecrets(source),
            o -> o);
    Files.writeString(
        gw.dataDir.resolve("policies").resolve("gold.yaml"),
        "name: gold\naccess: [mtls, nocert]\n");
    gw.gateway.definitions().reload().await();
  }

  private static String api(String name, String url, Path ca, String inject) {
    return "name: "
        + name
        + "\nlisten: { path: /"
        + name
        + "/ }\nupstream: { url: \""
        + url
        + "\", connectTimeout: 10s, ca: \""
        + ca
        + "\" }\nauth: { apiKey: { header: X-API-Key } }\n"
        + inject;
  }

  private static String subject(HttpConnection connection) {
    try {
      return ((X509Certificate) connection.peerCertificates().get(0))
          .getSubjectX500Principal()
          .getName();
    } catch (Exception e) {
      return "none";
    }
  }

  @AfterAll
  static void stop() {
    gw.close();
    vertx.close().await();
  }

  private static HttpResponse<String> get(String path) {
    return gw.send(
        HttpRequest.newBuilder(URI.create(gw.base() + path)).header("X-API-Key", key).build());
  }

  @Test
  void clientCertificateFromASecret_isPresentedToTheUpstream_andRotationSwitchesIt()
      throws Exception {
    HttpResponse<String> first = get("/mtls/who");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("CN=gateway-client-1");

    source.put("payments", "client-cert", pki.client("gateway-client-2").bundle());

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> get("/mtls/who").body().equals("CN=gateway-client-2"));
    // The client of the superseded version is shut down: no connection presents it any more.
    await().atMost(Duration.ofSeconds(10)).until(() -> !open.containsValue("CN=gateway-client-1"));
    assertThat(get("/mtls/who").body()).isEqualTo("CN=gateway-client-2");
  }

  @Test
  void upstreamThatRequiresACertificate_refusesAnApiWithoutOne_as502() {
    HttpResponse<String> r = get("/nocert/who");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("\"code\":\"UpstreamUnavailable\"");
  }

  @Test
  void secretThatIsNotACertificateAndKey_isA502NamingTheSecret_neverItsValue() {
    source.grant(principal, "payments", "not-a-cert");
    String version = source.put("payments", "not-a-cert", "canary-not-pem-7c1e");
    gw.writeApi(
        "broken.yaml",
        "name: broken\nlisten: { path: /broken/ }\nupstream: { url: \"https://127.0.0.1:"
            + upstream.actualPort()
            + "\" }\nauth: { apiKey: { header: X-API-Key } }\n"
            + "inject:\n  - clientCertificate: \"${secret:payments/not-a-cert}\"\n");
    try {
      Files.writeString(
          gw.dataDir.resolve("policies").resolve("gold.yaml"),
          "name: gold\naccess: [mtls, nocert, broken]\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    gw.gateway.definitions().reload().await();

    HttpResponse<String> r = get("/broken/x");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":{\"code\":\"ClientCertificateInvalid\",\"message\":\"secret"
                + " 'payments/not-a-cert' version "
                + version
                + " does not hold a PEM certificate chain and exactly one private key\"}}");
    assertThat(r.body()).doesNotContain("canary");
  }
}
