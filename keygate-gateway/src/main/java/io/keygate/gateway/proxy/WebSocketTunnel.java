package io.keygate.gateway.proxy;

import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;

/**
 * Passes a WebSocket upgrade through: the handshake goes to the upstream with its upgrade headers;
 * on {@code 101} both connections become raw byte pipes (frames are not parsed); any other answer
 * is relayed as an ordinary response.
 */
final class WebSocketTunnel {
  private WebSocketTunnel() {}

  static void open(
      HttpClient client,
      Exchange exchange,
      UpstreamPool.Target target,
      RequestOptions options,
      Promise<Void> done) {
    HttpServerRequest request = exchange.request();
    var route = exchange.route();
    client
        .request(options)
        .compose(
            upstream -> {
              Headers.copyEndToEnd(request.headers(), upstream.headers(), true);
              Headers.replace(exchange.upstreamHeaders(), upstream.headers());
              upstream.putHeader("Connection", "Upgrade");
              upstream.putHeader("Upgrade", request.getHeader("Upgrade"));
              upstream.putHeader("X-Forwarded-For", request.remoteAddress().hostAddress());
              return upstream.connect();
            })
        .onComplete(
            connected -> {
              if (connected.failed()) {
                route.pool().failed(target);
                done.fail(
                    UpstreamErrors.connecting(
                        connected.cause(), route.connectTimeoutMs(), route.metrics()));
                return;
              }
              HttpClientResponse answer = connected.result();
              HttpServerResponse response = request.response();
              if (answer.statusCode() != 101) {
                response.setStatusCode(answer.statusCode());
                Headers.copyEndToEnd(answer.headers(), response.headers(), false);
                Headers.replace(exchange.responseHeaders(), response.headers());
                answer
                    .body()
                    .onComplete(
                        b -> {
                          if (b.succeeded()) {
                            response.end(b.result());
                          } else {
                            response.reset();
                          }
                          done.complete();
                        });
                return;
              }
              response.setStatusCode(101);
              response.headers().addAll(answer.headers());
              Headers.replace(exchange.responseHeaders(), response.headers());
              NetSocket upstream = answer.netSocket();
              // the listener paused the request; the tunnel must read from the connection again
              request.resume();
              request
                  .toNetSocket()
                  .onComplete(
                      upgraded -> {
                        if (upgraded.failed()) {
                          upstream.close();
                          done.fail(
                              new GatewayException(
                                  400, "BadUpgrade", "the WebSocket upgrade could not complete"));
                          return;
                        }
                        NetSocket downstream = upgraded.result();
                        downstream.pipeTo(upstream);
                        upstream.pipeTo(downstream);
                        done.complete();
                      });
            });
  }
}
