package io.keygate.app;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An upstream on 127.0.0.1 (ephemeral port) that answers every request {@code 200 ok} and records
 * {@code "<path> <Authorization header>"} of each: what the gateway forwarded and which credential
 * it injected.
 */
public final class RecordingUpstream implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final Queue<String> saw = new ConcurrentLinkedQueue<>();
  private final HttpServer server;

  public RecordingUpstream() {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  saw.add(r.path() + " " + r.getHeader("Authorization"));
                  r.response().end("ok");
                })
            .listen(0, "127.0.0.1")
            .await();
  }

  public int port() {
    return server.actualPort();
  }

  /** Every request so far, oldest first, as {@code "<path> <Authorization header>"}. */
  public Queue<String> saw() {
    return saw;
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
