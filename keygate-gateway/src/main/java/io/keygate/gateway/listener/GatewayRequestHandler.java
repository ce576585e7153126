package io.keygate.gateway.listener;

import io.keygate.gateway.accesslog.AccessLog;
import io.keygate.gateway.chain.ChainRunner;
import io.keygate.gateway.chain.ErrorResponses;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.RequestIds;
import io.keygate.gateway.metrics.GatewayMetrics;
import io.keygate.gateway.proxy.Forward;
import io.keygate.gateway.routing.PathNormalizer;
import io.keygate.gateway.routing.Route;
import io.keygate.gateway.routing.RouteTable;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each request enters: refuses ambiguous framing and paths, normalizes the path, finds the
 * API on the route table in force at this moment, and runs the chain. Everything here is in memory;
 * the first I/O is the upstream call in the last step.
 */
public final class GatewayRequestHandler implements Handler<HttpServerRequest> {
  private static final Logger log = LoggerFactory.getLogger(GatewayRequestHandler.class);

  private final Supplier<RouteTable> routes;
  private final ChainRunner chain;
  private final GatewayMetrics metrics;
  private final Set<HttpConnection> poisoned = ConcurrentHashMap.newKeySet();

  public GatewayRequestHandler(
      Supplier<RouteTable> routes, ChainRunner chain, GatewayMetrics metrics) {
    this.routes = routes;
    this.chain = chain;
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    request.pause();
    if (!poisoned.isEmpty() && poisoned.contains(request.connection())) {
      // pipelined behind a refused request: whatever it is, it was framed by bytes we refused
      request.connection().close();
      return;
    }
    String framing = FramingGuard.problem(request);
    if (framing != null) {
      refuse(request, null, start, 400, "AmbiguousFraming", "the request is refused: " + framing);
      return;
    }
    String host = HostGuard.problem(request);
    if (host != null) {
      refuse(request, null, start, 400, "AmbiguousHost", "the request is refused: " + host);
      return;
    }
    String normalized;
    Route route;
    try {
      String decoded = PathNormalizer.decode(request.path());
      normalized = PathNormalizer.removeDotSegments(decoded);
      HostAndPort authority = request.authority();
      String hostName = authority == null ? null : authority.host();
      RouteTable table = routes.get();
      route = table.match(hostName, normalized);
      if (normalized != decoded && route != table.match(hostName, decoded)) {
        throw new GatewayException(
            400, "BadPath", "the path climbs out of its API's listen path with '..'");
      }
    } catch (GatewayException e) {
      refuse(request, null, start, e.status(), e.code(), e.getMessage());
      return;
    }
    if (route == null) {
      refuse(request, normalized, start, 404, "NoRoute", "no API is mounted at this path");
      return;
    }
    String requestId = RequestIds.acceptOrGenerate(request.headers().get(RequestIds.HEADER_NAME));
    Exchange exchange =
        new Exchange(
            request,
            route,
            requestId,
            normalized,
            route.upstreamPath(normalized, request.query()),
            start);
    // Set before anything asynchronous: a malformed body can fail the request while the chain
    // is still authenticating or connecting upstream, before a body pipe exists to see it.
    request.exceptionHandler(exchange::clientFailed);
    chain
        .run(exchange)
        .onComplete(
            result -> {
              if (result.succeeded()) {
                return;
              }
              Throwable error = result.cause();
              if (!(error instanceof GatewayException)) {
                log.error("Request {} failed in the gateway", requestId, error);
              }
              HttpServerResponse response = request.response();
              if (response.headWritten()) {
                response.reset();
              } else {
                closeIfBodyUnread(request);
                ErrorResponses.send(response, exchange, error);
              }
            });
  }

  /**
   * Answers a request the HTTP decoder could not read (Vert.x's invalid-request hook): the status
   * Vert.x would send (414, 431, else 400) with a JSON error, an access-log line, and the
   * connection closed, since the bytes after a malformed head cannot be trusted to frame anything.
   */
  public void invalid(HttpServerRequest request) {
    long start = System.nanoTime();
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    if (cause instanceof TooLongHttpLineException) {
      refuse(request, null, start, 414, "UriTooLong", "the request line is too long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      refuse(request, null, start, 431, "HeadersTooLarge", "the request headers are too large");
    } else {
      refuse(request, null, start, 400, "MalformedRequest", "the request is not valid HTTP");
    }
  }

  private void refuse(
      HttpServerRequest request, String path, long start, int status, String code, String message) {
    String requestId = RequestIds.generate();
    HttpServerResponse response = request.response();
    response.putHeader(RequestIds.HEADER_NAME, requestId);
    closeIfBodyUnread(request);
    if (status >= 400 && status != 404 && request.version() != HttpVersion.HTTP_2) {
      // Say so: the connection closes after this answer (what follows cannot be trusted).
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      HttpConnection connection = request.connection();
      poisoned.add(connection);
      connection.closeHandler(v -> poisoned.remove(connection));
      response.endHandler(v -> connection.close());
    }
    ErrorResponses.send(response, null, status, code, message, Map.of());
    metrics.unrouted().request(request.method(), status, System.nanoTime() - start);
    AccessLog.refused(request, requestId, path, status, start);
  }

  /**
   * A body left unread would be taken for the next request: close the connection instead. A request
   * without a body keeps its connection (a 401 or 429 does not cost a reconnect).
   */
  private static void closeIfBodyUnread(HttpServerRequest request) {
    if (request.isEnded()) {
      return;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      request.resume();
      return;
    }
    if (Forward.declaresBody(request)) {
      request.response().putHeader("Connection", "close");
    }
    // let the request end (it was paused on arrival) so the connection can serve the next one
    request.resume();
  }
}
