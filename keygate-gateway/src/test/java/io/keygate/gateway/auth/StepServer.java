package io.keygate.gateway.auth;

import io.keygate.gateway.chain.Chain;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Step;
import io.keygate.gateway.config.ApiDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small real HTTP server that runs our steps in order and then, in place of the proxy, answers
 * with what the upstream would have received (path, headers) and who the caller was. APIs are
 * matched by their listen path prefix.
 */
final class StepServer {
  private final HttpServer server;

  private StepServer(HttpServer server) {
    this.server = server;
  }

  static StepServer start(
      Vertx vertx, Supplier<Map<String, ApiDefinition>> apis, List<Step> steps) {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(request -> handle(request, apis.get(), steps))
            .listen(0, "127.0.0.1")
            .await();
    return new StepServer(server);
  }

  int port() {
    return server.actualPort();
  }

  void close() {
    server.close().await();
  }

  private static void handle(
      HttpServerRequest request, Map<String, ApiDefinition> apis, List<Step> steps) {
    ApiDefinition api =
        apis.values().stream()
            .filter(a -> request.path().startsWith(a.listen().path()))
            .findFirst()
            .orElse(null);
    if (api == null) {
      request.response().setStatusCode(404).end();
      return;
    }
    Exchange exchange =
        new Exchange(request, api, "req-1", request.path(), request.uri(), System.nanoTime());
    run(steps, 0, exchange)
        .onFailure(
            failure -> {
              if (failure instanceof GatewayException e) {
                e.headers().forEach(request.response()::putHeader);
                request
                    .response()
                    .setStatusCode(e.status())
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put(
                                "error",
                                new JsonObject()
                                    .put("code", e.code())
                                    .put("message", e.getMessage()))
                            .encode());
              } else {
                request.response().setStatusCode(500).end(String.valueOf(failure));
              }
            });
  }

  private static Future<Void> run(List<Step> steps, int index, Exchange exchange) {
    if (index == steps.size()) {
      return echo(exchange);
    }
    Chain next = ex -> run(steps, index + 1, ex);
    return steps.get(index).apply(exchange, next);
  }

  private static Future<Void> echo(Exchange exchange) {
    HttpServerRequest request = exchange.request();
    JsonObject headers = new JsonObject();
    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
    exchange.upstreamHeaders().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
    exchange.responseHeaders().forEach(h -> request.response().putHeader(h.getKey(), h.getValue()));
    request
        .response()
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("upstreamPath", exchange.upstreamPath())
                .put("headers", headers)
                .put("principals", exchange.identity().principals())
                .put("consumer", exchange.identity().consumer())
                .encode());
    return Future.succeededFuture();
  }
}
