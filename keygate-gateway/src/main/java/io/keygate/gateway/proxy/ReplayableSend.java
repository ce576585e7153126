package io.keygate.gateway.proxy;

import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.credentials.RetryOnRotation;
import io.keygate.gateway.credentials.RetryOnRotation.Outcome;
import io.keygate.gateway.routing.Route;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;

/**
 * Sends a request whose body is in memory (or that has none), so that it can be sent once more:
 * when the upstream answers 401 or 403, the answer is held unread while {@link RetryOnRotation}
 * looks for a newer version of the credential; with one, the refusal is drained and discarded and
 * the request, injected again, is sent a second time; without one, the refusal is relayed as it
 * came. Nothing reaches the client before that decision.
 */
final class ReplayableSend {
  private final UpstreamClients clients;
  private final RetryOnRotation retry;

  ReplayableSend(UpstreamClients clients, RetryOnRotation retry) {
    this.clients = clients;
    this.retry = retry;
  }

  /**
   * @param body the whole request body, or null when there is none
   */
  void start(
      HttpClient client,
      Exchange exchange,
      UpstreamPool.Target target,
      Buffer body,
      Promise<Void> done) {
    attempt(client, exchange, target, body, true, true, done);
  }

  private void attempt(
      HttpClient client,
      Exchange exchange,
      UpstreamPool.Target target,
      Buffer body,
      boolean first,
      boolean mayFailOver,
      Promise<Void> done) {
    Route route = exchange.route();
    Forward.request(client, Forward.options(exchange, target))
        .onComplete(
            connected -> {
              if (connected.failed()) {
                route.pool().failed(target);
                UpstreamPool.Target other = mayFailOver ? route.pool().alternative(target) : null;
                if (other != null) {
                  attempt(client, exchange, other, body, first, false, done);
                  return;
                }
                if (!first) {
                  retry.record(exchange, Outcome.FAILED);
                }
                done.fail(
                    UpstreamErrors.connecting(
                        connected.cause(), route.connectTimeoutMs(), route.metrics()));
                return;
              }
              var upstream = connected.result();
              Forward.prepare(exchange, upstream);
              long sent = System.nanoTime();
              upstream
                  .response()
                  .onComplete(
                      answered -> {
                        if (answered.failed()) {
                          if (UpstreamErrors.isTimeout(answered.cause())) {
                            route.pool().failed(target);
                          }
                          if (!first) {
                            retry.record(exchange, Outcome.FAILED);
                          }
                          done.fail(
                              UpstreamErrors.answering(
                                  answered.cause(), route.readTimeoutMs(), route.metrics()));
                          return;
                        }
                        exchange.upstreamNanos(System.nanoTime() - sent);
                        route.pool().succeeded(target);
                        answered(exchange, target, body, first, answered.result(), done);
                      });
              if (body == null) {
                upstream.end();
              } else {
                upstream.end(body);
              }
              upstream.idleTimeout(route.readTimeoutMs());
            });
  }

  private void answered(
      Exchange exchange,
      UpstreamPool.Target target,
      Buffer body,
      boolean first,
      HttpClientResponse answer,
      Promise<Void> done) {
    boolean refused = answer.statusCode() == 401 || answer.statusCode() == 403;
    if (!first) {
      retry.record(exchange, refused ? Outcome.REFUSED_AGAIN : Outcome.SUCCEEDED);
      Forward.relay(exchange, answer, done);
      return;
    }
    if (!refused) {
      Forward.relay(exchange, answer, done);
      return;
    }
    // Held unread until we know whether the client sees it at all.
    answer.pause();
    retry
        .reinject(exchange)
        .onComplete(
            decided -> {
              if (Boolean.TRUE.equals(decided.result())
                  && !exchange.request().response().closed()) {
                discard(answer);
                // The retry may carry a new client certificate too: ask for its client again.
                attempt(
                    clients.forExchange(exchange),
                    exchange,
                    exchange.route().pool().pick(),
                    body,
                    false,
                    true,
                    done);
              } else {
                retry.record(exchange, Outcome.NO_NEW_VERSION);
                Forward.relay(exchange, answer, done);
              }
            });
  }

  /** Reads the refusal to its end and drops it, so its connection can serve another request. */
  private static void discard(HttpClientResponse answer) {
    answer.exceptionHandler(ignored -> {});
    answer.handler(ignored -> {});
    answer.resume();
  }
}
