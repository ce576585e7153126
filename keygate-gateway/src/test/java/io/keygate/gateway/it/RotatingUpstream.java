package io.keygate.gateway.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real upstream that accepts ONLY its current credential ({@code Authorization: Bearer <token>}),
 * as a system whose password was changed does: no overlap. It learns a new credential the way a
 * real target does, from the rotation itself: the rotation calls its hook ({@code POST
 * /rotation-hook} with the new token as the body), never by reading the secret source. Every other
 * request's body is read to its end before the answer: 200 with the body length, or 401.
 */
final class RotatingUpstream implements AutoCloseable {
  private final AtomicReference<byte[]> current = new AtomicReference<>();
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  private final HttpServer server;

  private RotatingUpstream(Vertx vertx, String initial) {
    current.set(("Bearer " + initial).getBytes());
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  static RotatingUpstream start(Vertx vertx, String initial) {
    RotatingUpstream upstream = new RotatingUpstream(vertx, initial);
    upstream.server.listen(0, "127.0.0.1").await();
    return upstream;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  private void handle(HttpServerRequest r) {
    r.body()
        .onSuccess(
            body -> {
              if (r.path().equals("/rotation-hook")) {
                current.set(("Bearer " + body.toString()).getBytes());
                r.response().setStatusCode(204).end();
                return;
              }
              String auth = r.getHeader("Authorization");
              if (auth != null && MessageDigest.isEqual(auth.getBytes(), current.get())) {
                accepted.incrementAndGet();
                r.response().end("ok " + body.length());
              } else {
                refused.incrementAndGet();
                r.response().setStatusCode(401).end("{\"error\":\"unknown credential\"}");
              }
            });
  }

  @Override
  public void close() {
    server.close().await();
  }
}
