package io.keygate.gateway.auth.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real JWKS endpoint on 127.0.0.1 whose keys a test can rotate, and which counts what it served:
 * stands in for a provider's key rotation, or for an attacker's key server.
 */
final class JwksServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String body = "{\"keys\":[]}";
  private volatile String cacheControl;
  private volatile boolean hanging;
  private volatile String discoveryIssuer;

  private JwksServer(Vertx vertx) {
    this.server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  requests.incrementAndGet();
                  if (hanging) {
                    return;
                  }
                  if (req.path().endsWith("/.well-known/openid-configuration")) {
                    req.response()
                        .putHeader("Content-Type", "application/json")
                        .end(
                            new io.vertx.core.json.JsonObject()
                                .put("issuer", discoveryIssuer)
                                .put("jwks_uri", url())
                                .encode());
                    return;
                  }
                  if (cacheControl != null) {
                    req.response().putHeader("Cache-Control", cacheControl);
                  }
                  req.response().putHeader("Content-Type", "application/json").end(body);
                });
  }

  static JwksServer start(Vertx vertx, JWK... keys) throws Exception {
    JwksServer s = new JwksServer(vertx);
    s.serve(keys);
    s.server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    return s;
  }

  /** Serves exactly these keys (public parts) from now on. */
  void serve(JWK... keys) {
    body = new JWKSet(List.of(keys)).toPublicJWKSet().toString();
  }

  /** While hanging, requests are accepted and never answered. */
  void hang(boolean value) {
    hanging = value;
  }

  /** Also serves a discovery document under any path, naming {@code issuer} and this JWKS. */
  void discovery(String issuer) {
    discoveryIssuer = issuer;
  }

  /** The base URL, for issuers and discovery paths on this server. */
  String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  void cacheControl(String value) {
    cacheControl = value;
  }

  int requests() {
    return requests.get();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/jwks.json";
  }

  @Override
  public void close() {
    server.close().await();
  }
}
