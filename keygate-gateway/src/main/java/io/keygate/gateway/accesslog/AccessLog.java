package io.keygate.gateway.accesslog;

import io.keygate.gateway.chain.Chain;
import io.keygate.gateway.chain.ErrorResponses;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.Step;
import io.keygate.gateway.metrics.ApiMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per exchange to the {@code keygate.access} logger once the response is on
 * the wire (or the connection broke), and records the request meters at the same moment: time,
 * request id, API, consumer (an alias or key id, never a credential), method, normalized path,
 * status, upstream and total latency in milliseconds, bytes in and out, and the versions of the
 * secrets injected ({@code secretVersions}, names and versions only; after a retry, the versions
 * the retry carried) and, when the upstream refused an injected credential, what became of it
 * ({@code credentialRetry}: succeeded, refused_again, failed, no_new_version, not_replayable), and
 * the code of the gateway's JSON error when it answered one ({@code error}).
 */
public final class AccessLog implements Step {
  public static final String LOGGER = "keygate.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  /** The exchange attribute with the secret versions injected ({@code vault/name -> version}). */
  public static final String SECRET_VERSIONS = "secretVersions";

  /** The exchange attribute with the outcome of a retry after a refused credential, if any. */
  public static final String CREDENTIAL_RETRY = "credentialRetry";

  @Override
  public Future<Void> apply(Exchange exchange, Chain chain) {
    Outcome outcome = new Outcome(exchange);
    HttpServerResponse response = exchange.request().response();
    response.bodyEndHandler(outcome);
    response.closeHandler(outcome);
    return chain.proceed(exchange);
  }

  private static final class Outcome implements Handler<Void> {
    private final Exchange exchange;
    private boolean recorded;

    Outcome(Exchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public void handle(Void ignored) {
      if (recorded) {
        return;
      }
      recorded = true;
      HttpServerRequest request = exchange.request();
      HttpServerResponse response = request.response();
      long total = System.nanoTime() - exchange.startNanos();
      int status = response.ended() ? response.getStatusCode() : 0;
      ApiMetrics metrics = exchange.route() == null ? null : exchange.route().metrics();
      if (metrics != null) {
        metrics.request(request.method(), status == 0 ? 499 : status, total);
      }
      write(
          request,
          exchange.requestId(),
          exchange.api().name(),
          exchange.identity().consumer(),
          exchange.normalizedPath(),
          status,
          exchange.upstreamNanos(),
          total,
          exchange.attributes().get(SECRET_VERSIONS),
          exchange.attributes().get(CREDENTIAL_RETRY),
          exchange.attributes().get(ErrorResponses.ERROR_ATTRIBUTE));
    }
  }

  /**
   * Logs a request the gateway refused before it reached an API (bad path, framing, no route).
   *
   * @param path the normalized path, or null when the path itself was refused
   */
  public static void refused(
      HttpServerRequest request, String requestId, String path, int status, long startNanos) {
    write(
        request,
        requestId,
        null,
        null,
        path,
        status,
        -1,
        System.nanoTime() - startNanos,
        null,
        null,
        null);
  }

  private static void write(
      HttpServerRequest request,
      String requestId,
      String api,
      String consumer,
      String path,
      int status,
      long upstreamNanos,
      long totalNanos,
      Object secretVersions,
      Object credentialRetry,
      Object error) {
    if (!log.isInfoEnabled()) {
      return;
    }
    JsonLine line =
        new JsonLine()
            .time("time", System.currentTimeMillis())
            .string("requestId", requestId)
            .string("api", api)
            .string("consumer", consumer)
            .string("method", request.method() == null ? null : request.method().name())
            .string("path", path)
            .number("status", status)
            .millis("upstreamMs", upstreamNanos)
            .millis("totalMs", totalNanos)
            .number("bytesIn", request.bytesRead())
            .number("bytesOut", request.response().bytesWritten());
    if (secretVersions instanceof java.util.Map<?, ?> versions && !versions.isEmpty()) {
      // Names and versions only: which credential version each request carried.
      line.object("secretVersions");
      for (var e : versions.entrySet()) {
        line.string(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
      }
      line.end();
    }
    if (error != null) {
      // The code of the gateway's own JSON error (ClaimMissing, ForbiddenByRbac, ...): the
      // record of a refusal that never reached the vault's audit log.
      line.string("error", String.valueOf(error));
    }
    if (credentialRetry != null) {
      // What became of a request whose credential the upstream refused (RetryOnRotation).
      line.string("credentialRetry", String.valueOf(credentialRetry));
    }
    log.info(line.close());
  }
}
