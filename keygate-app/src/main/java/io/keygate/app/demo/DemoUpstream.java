package io.keygate.app.demo;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * The demo's upstream: a tiny HTTP service on 127.0.0.1 (a free port) that answers every request
 * with what it received, so a curl through the gateway shows what the gateway added and removed.
 */
final class DemoUpstream implements AutoCloseable {
  private final HttpServer server;

  private DemoUpstream(HttpServer server) {
    this.server = server;
  }

  static DemoUpstream start(Vertx vertx) {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  JsonObject headers = new JsonObject();
                  req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                  req.body()
                      .onComplete(
                          body ->
                              req.response()
                                  .putHeader("Content-Type", "application/json")
                                  .end(
                                      new JsonObject()
                                              .put("hello", "from the Keygate demo upstream")
                                              .put("method", req.method().name())
                                              .put("path", req.uri())
                                              .put("headers", headers)
                                              .put(
                                                  "bodyBytes",
                                                  body.succeeded() ? body.result().length() : 0)
                                              .encodePrettily()
                                          + "\n"));
                });
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    return new DemoUpstream(server);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
