package io.keygate.gateway.proxy;

import io.keygate.gateway.chain.Chain;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Step;
import io.keygate.gateway.credentials.RetryOnRotation;
import io.keygate.gateway.routing.Route;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step: sends the exchange to one of its API's targets and streams the answer back.
 *
 * <p>Built on Vert.x's {@link HttpClient} rather than vertx-http-proxy's {@code ProxyInterceptor}:
 * our chain already decides routing, the normalized upstream path and the injected headers, and
 * needs per-API timeouts, a retry on a refused connection to another target, exact 502/504 JSON
 * errors and an upstream-latency figure; with the client directly each of those is one line, and
 * the hot path allocates no proxy request/response wrappers. Bodies are streamed both ways with
 * {@code pipe()}, which honours back-pressure, so memory stays flat for any body size. A broken
 * stream is never ended as if complete: the other side is reset instead.
 *
 * <p>With a {@link RetryOnRotation}, a request that carried an injected credential and may be
 * replayed (method or API setting, and a {@code Content-Length} within the body limit) is read into
 * memory first and sent by {@link ReplayableSend}, which sends it once more if the upstream refuses
 * a credential that has since rotated. Everything else streams as described above; a 401/403 to a
 * streamed request with a credential is relayed and counted as {@code not_replayable}.
 */
public final class Forward implements Step {
  private static final Logger log = LoggerFactory.getLogger(Forward.class);
  private final UpstreamClients clients;
  private final RetryOnRotation retry;
  private final ReplayableSend replayable;

  /**
   * @param clients the shared keep-alive client, and those of APIs with their own TLS settings
   * @param retry retries requests whose credential rotated, or null for none
   */
  public Forward(UpstreamClients clients, RetryOnRotation retry) {
    this.clients = clients;
    this.retry = retry;
    this.replayable = retry == null ? null : new ReplayableSend(clients, retry);
  }

  @Override
  public Future<Void> apply(Exchange exchange, Chain chain) {
    Route route = exchange.route();
    Promise<Void> done = Promise.promise();
    UpstreamPool.Target target = route.pool().pick();
    HttpClient client = clients.forExchange(exchange);
    if (Headers.isWebSocketUpgrade(exchange.request().headers())) {
      WebSocketTunnel.open(client, exchange, target, options(exchange, target), done);
    } else if (retry != null && retry.mayReplay(exchange) && fitsInMemory(exchange.request())) {
      sendReplayable(client, exchange, target, done);
    } else {
      send(client, exchange, target, true, done);
    }
    return done.future();
  }

  private boolean fitsInMemory(HttpServerRequest request) {
    if (!hasBody(request)) {
      return true;
    }
    String length = request.headers().get(Headers.CONTENT_LENGTH);
    if (length == null) {
      return false;
    }
    try {
      return Long.parseLong(length) <= retry.bodyLimit();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void sendReplayable(
      HttpClient client, Exchange exchange, UpstreamPool.Target target, Promise<Void> done) {
    HttpServerRequest request = exchange.request();
    if (!hasBody(request)) {
      replayable.start(client, exchange, target, null, done);
      return;
    }
    request
        .body()
        .onComplete(
            read -> {
              if (read.succeeded()) {
                replayable.start(client, exchange, target, read.result(), done);
              } else {
                done.fail(
                    new GatewayException(
                        400, "BodyIncomplete", "the request body ended before it was complete"));
              }
            });
    request.resume();
  }

  /** {@code client.request}, failed rather than thrown when the client is closed (at shutdown). */
  static Future<HttpClientRequest> request(HttpClient client, RequestOptions options) {
    try {
      return client.request(options);
    } catch (IllegalStateException closed) {
      return Future.failedFuture(closed);
    }
  }

  static RequestOptions options(Exchange exchange, UpstreamPool.Target target) {
    Route route = exchange.route();
    return new RequestOptions()
        .setMethod(exchange.request().method())
        .setHost(target.host)
        .setPort(target.port)
        .setSsl(target.ssl)
        .setURI(
            target.basePath.isEmpty()
                ? exchange.upstreamPath()
                : target.basePath + exchange.upstreamPath())
        .setConnectTimeout(route.connectTimeoutMs());
  }

  private void send(
      HttpClient client,
      Exchange exchange,
      UpstreamPool.Target target,
      boolean mayRetry,
      Promise<Void> done) {
    Route route = exchange.route();
    request(client, options(exchange, target))
        .onComplete(
            connected -> {
              if (connected.failed()) {
                route.pool().failed(target);
                UpstreamPool.Target other = mayRetry ? route.pool().alternative(target) : null;
                if (other != null) {
                  send(client, exchange, other, false, done);
                } else {
                  done.fail(
                      UpstreamErrors.connecting(
                          connected.cause(), route.connectTimeoutMs(), route.metrics()));
                }
                return;
              }
              stream(exchange, target, connected.result(), retry, done);
            });
  }

  private static void stream(
      Exchange exchange,
      UpstreamPool.Target target,
      HttpClientRequest upstream,
      RetryOnRotation retry,
      Promise<Void> done) {
    HttpServerRequest request = exchange.request();
    Route route = exchange.route();
    boolean body = hasBody(request);
    prepare(exchange, upstream, body);
    long sent = System.nanoTime();
    upstream
        .response()
        .onComplete(
            answered -> {
              if (answered.failed()) {
                if (done.future().isComplete()) {
                  return; // the client's body failed first (see below): not the upstream's fault
                }
                if (exchange.clientFailure() != null) {
                  // The client's side broke (before the body pipe existed, or as it closed):
                  // the upstream request was cut because of it, not by the upstream.
                  done.fail(clientFault(exchange.clientFailure()));
                  return;
                }
                if (UpstreamErrors.isTimeout(answered.cause())) {
                  route.pool().failed(target);
                }
                done.fail(
                    UpstreamErrors.answering(
                        answered.cause(), route.readTimeoutMs(), route.metrics()));
                return;
              }
              exchange.upstreamNanos(System.nanoTime() - sent);
              route.pool().succeeded(target);
              int status = answered.result().statusCode();
              if ((status == 401 || status == 403)
                  && retry != null
                  && retry.carriesCredential(exchange)) {
                retry.record(exchange, RetryOnRotation.Outcome.NOT_REPLAYABLE);
              }
              relay(exchange, answered.result(), done);
            });
    // The read timeout runs once the request is fully sent: a long upload is not a slow upstream.
    long readTimeout = route.readTimeoutMs();
    if (body) {
      request
          .pipe()
          .endOnFailure(false)
          .to(upstream)
          .onComplete(
              piped -> {
                if (piped.succeeded()) {
                  upstream.idleTimeout(readTimeout);
                } else {
                  Throwable client =
                      exchange.clientFailure() != null ? exchange.clientFailure() : piped.cause();
                  if (malformedBody(client) && !request.response().headWritten()) {
                    // A malformed chunk from the client: its 400, not a 502 from the upstream
                    // (a client could otherwise make a healthy upstream look broken at will).
                    done.tryFail(clientFault(client));
                  }
                  upstream.reset();
                }
              });
    } else {
      upstream.end();
      upstream.idleTimeout(readTimeout);
    }
  }

  /** The answer (and access-log status) for a request whose client side failed. */
  private static GatewayException clientFault(Throwable failure) {
    return malformedBody(failure)
        ? new GatewayException(
            400, "MalformedRequest", "the request body is not valid HTTP framing")
        // nginx's 499: the client went away before the answer; nothing can be sent to it.
        : new GatewayException(499, "ClientClosedRequest", "the client closed the request");
  }

  /** Whether a failed body pipe failed on the client's framing (Netty's decoder refused it). */
  private static boolean malformedBody(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.netty.handler.codec.DecoderException
          || t instanceof io.netty.handler.codec.TooLongFrameException
          || t instanceof NumberFormatException) {
        return true;
      }
    }
    return false;
  }

  static void prepare(Exchange exchange, HttpClientRequest upstream) {
    prepare(exchange, upstream, hasBody(exchange.request()));
  }

  private static void prepare(Exchange exchange, HttpClientRequest upstream, boolean body) {
    // A reset or closed upstream stream fails the response future, which answers 502/504 or
    // resets the client; without a handler Vert.x would also log each one at ERROR, and a client
    // can cause them at will (a malformed chunk mid-body).
    upstream.exceptionHandler(Forward::streamFailed);
    HttpServerRequest request = exchange.request();
    MultiMap out = upstream.headers();
    Headers.copyEndToEnd(request.headers(), out, true);
    // What the gateway saw, never what the client claims: a client's own X-Forwarded-*,
    // Forwarded or X-Real-IP would let it choose the address an upstream logs or trusts.
    String client = request.remoteAddress().hostAddress();
    String proto = request.scheme() == null ? "http" : request.scheme();
    String host = request.authority() == null ? null : request.authority().toString();
    out.set(Headers.X_FORWARDED_FOR, client);
    out.set(Headers.X_FORWARDED_PROTO, proto);
    out.remove(Headers.X_REAL_IP);
    if (host != null) {
      out.set(Headers.X_FORWARDED_HOST, host);
    } else {
      out.remove(Headers.X_FORWARDED_HOST);
    }
    out.set(Headers.FORWARDED, Headers.forwarded(client, proto, host));
    Headers.replace(exchange.upstreamHeaders(), out);
    if (body && !out.contains(Headers.CONTENT_LENGTH)) {
      upstream.setChunked(true);
    }
  }

  private static void streamFailed(Throwable failure) {
    log.debug("Upstream stream failed: {}", failure.toString());
  }

  /** Whether the client sends a body: a length above zero, or chunked (or HTTP/2 data). */
  private static boolean hasBody(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2
        && !request.headers().contains(Headers.CONTENT_LENGTH)) {
      // HTTP/2 frames the body itself; a request that has not ended may still send DATA.
      HttpMethod m = request.method();
      return !request.isEnded() && m != HttpMethod.GET && m != HttpMethod.HEAD;
    }
    return declaresBody(request);
  }

  /**
   * Whether the request's headers announce a body: a Content-Length other than 0, or (HTTP/1.1) a
   * Transfer-Encoding. The one reading of HTTP/1 framing for forwarding and for refusing a request
   * whose body is left unread.
   */
  public static boolean declaresBody(HttpServerRequest request) {
    String length = request.headers().get(Headers.CONTENT_LENGTH);
    if (length != null) {
      return !length.equals("0");
    }
    return request.headers().contains(Headers.TRANSFER_ENCODING);
  }

  static void relay(Exchange exchange, HttpClientResponse answer, Promise<Void> done) {
    HttpServerResponse response = exchange.request().response();
    if (response.closed()) {
      answer.request().reset();
      done.tryComplete();
      return;
    }
    response.setStatusCode(answer.statusCode());
    MultiMap out = response.headers();
    Headers.copyEndToEnd(answer.headers(), out, false);
    Headers.replace(exchange.responseHeaders(), out);
    if (!out.contains(Headers.CONTENT_LENGTH)
        && exchange.request().version() != HttpVersion.HTTP_2
        && mayHaveBody(exchange.request().method(), answer.statusCode())) {
      response.setChunked(true);
    }
    answer
        .pipe()
        .endOnFailure(false)
        .to(response)
        .onComplete(
            piped -> {
              if (piped.failed() && !response.ended()) {
                exchange.route().metrics().upstreamReset();
                response.reset();
                answer.request().reset();
              }
              done.tryComplete();
            });
  }

  private static boolean mayHaveBody(HttpMethod method, int status) {
    return method != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
  }
}
