package io.keygate.gateway.auth.jwt;

import io.keygate.gateway.auth.Authenticator;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.ApiDefinition;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny real HTTP server on 127.0.0.1 that builds an {@link Exchange} per request and answers with
 * what the authenticator decided: 200 and the identity as JSON, or the {@link GatewayException}'s
 * status, headers and JSON error body (500 for anything else, which tests then catch).
 */
final class AuthServer implements AutoCloseable {
  private static final ApiDefinition API =
      new ApiDefinition("test", null, null, null, null, List.of(), null);

  private final HttpServer server;
  private final AtomicReference<Authenticator> authenticator = new AtomicReference<>();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** What the test client saw. */
  record Response(int status, JsonObject body, String challenge) {
    String errorMessage() {
      return body.getJsonObject("error").getString("message");
    }

    String errorCode() {
      return body.getJsonObject("error").getString("code");
    }
  }

  private AuthServer(HttpServer server) {
    this.server = server;
  }

  static AuthServer start(Vertx vertx) throws Exception {
    AuthServer[] holder = new AuthServer[1];
    HttpServer server =
        vertx.createHttpServer(new HttpServerOptions().setMaxHeaderSize(128 * 1024));
    holder[0] = new AuthServer(server);
    server.requestHandler(req -> holder[0].handle(req));
    server
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    return holder[0];
  }

  void use(Authenticator a) {
    authenticator.set(a);
  }

  private void handle(HttpServerRequest req) {
    Exchange exchange = new Exchange(req, API, "req-1", req.path(), req.path(), System.nanoTime());
    authenticator
        .get()
        .authenticate(exchange)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                Identity id = ar.result();
                req.response()
                    .setStatusCode(200)
                    .end(
                        new JsonObject()
                            .put("principals", id.principals())
                            .put("consumer", id.consumer())
                            .put("policy", id.policy())
                            .put("claims", new JsonObject(id.claims()))
                            .encode());
              } else if (ar.cause() instanceof GatewayException e) {
                e.headers().forEach(req.response()::putHeader);
                req.response()
                    .setStatusCode(e.status())
                    .end(
                        new JsonObject()
                            .put(
                                "error",
                                new JsonObject()
                                    .put("code", e.code())
                                    .put("message", e.getMessage()))
                            .encode());
              } else {
                req.response()
                    .setStatusCode(500)
                    .end(new JsonObject().put("bug", "" + ar.cause()).encode());
              }
            });
  }

  Response call(String... authorizationHeaders) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/x"))
            .timeout(Duration.ofSeconds(20));
    for (String h : authorizationHeaders) {
      b.header("Authorization", h);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(
        r.statusCode(),
        new JsonObject(r.body()),
        r.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  /** Sends without waiting, to have many requests in flight at once. */
  java.util.concurrent.CompletableFuture<Response> bearerAsync(String token) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/x"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r ->
                new Response(
                    r.statusCode(),
                    new JsonObject(r.body()),
                    r.headers().firstValue("WWW-Authenticate").orElse(null)));
  }

  Response bearer(String token) throws Exception {
    return call("Bearer " + token);
  }

  @Override
  public void close() {
    client.close();
    server.close().await();
  }
}
