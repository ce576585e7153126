package io.keygate.gateway.proxy;

import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.metrics.ApiMetrics;
import java.util.concurrent.TimeoutException;

/**
 * Maps what went wrong with an upstream to the client's answer: a timeout is 504 {@code
 * UpstreamTimeout}, anything else (refused, reset, closed, TLS failure) 502 {@code
 * UpstreamUnavailable}. Messages say what happened, never where the upstream lives.
 */
final class UpstreamErrors {
  private UpstreamErrors() {}

  static GatewayException connecting(Throwable cause, long timeoutMs, ApiMetrics metrics) {
    if (isTimeout(cause)) {
      metrics.upstreamTimeout();
      return new GatewayException(
          504,
          "UpstreamTimeout",
          "the upstream did not accept a connection within " + timeoutMs + " ms");
    }
    metrics.upstreamRefused();
    return new GatewayException(
        502, "UpstreamUnavailable", "the upstream refused or dropped the connection");
  }

  static GatewayException answering(Throwable cause, long timeoutMs, ApiMetrics metrics) {
    if (isTimeout(cause)) {
      metrics.upstreamTimeout();
      return new GatewayException(
          504, "UpstreamTimeout", "the upstream did not answer within " + timeoutMs + " ms");
    }
    metrics.upstreamRefused();
    return new GatewayException(
        502, "UpstreamUnavailable", "the upstream closed the connection before answering");
  }

  static boolean isTimeout(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }
}
