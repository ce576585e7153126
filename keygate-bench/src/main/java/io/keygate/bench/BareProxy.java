package io.keygate.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor under Keygate's proxy: the least a Vert.x reverse proxy does (one route, no routing, no
 * auth, no metrics, no access log, headers copied as they are), with the same Vert.x client
 * settings as the gateway. The load harness measures it beside nginx so that the CPU per request
 * Keygate adds on top of Vert.x itself is visible. Usage: {@code BareProxy LISTEN_PORT
 * UPSTREAM_PORT}; listens on 127.0.0.1 only. Not a product: for benchmarks only.
 */
public final class BareProxy {
  private BareProxy() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: BareProxy LISTEN_PORT UPSTREAM_PORT");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int upstreamPort = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(false),
            new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(4096));
    vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setStrictThreadMode(true))
        .requestHandler(request -> forward(client, upstreamPort, request))
        .listen()
        .onFailure(
            e -> {
              System.err.println("BareProxy: " + e);
              System.exit(1);
            });
  }

  private static void forward(HttpClient client, int upstreamPort, HttpServerRequest request) {
    request.pause();
    HttpServerResponse response = request.response();
    client
        .request(
            new RequestOptions()
                .setMethod(request.method())
                .setHost("127.0.0.1")
                .setPort(upstreamPort)
                .setURI(request.uri()))
        .compose(
            upstream -> {
              upstream.headers().setAll(request.headers());
              return upstream.send(request);
            })
        .onComplete(
            answered -> {
              if (answered.failed()) {
                response.setStatusCode(502).end();
                return;
              }
              var answer = answered.result();
              response.setStatusCode(answer.statusCode());
              response.headers().setAll(answer.headers());
              answer.pipeTo(response);
            });
  }
}
