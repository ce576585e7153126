package io.keygate.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's Prometheus registry: request counts and latency histograms per API, method and
 * status class, and upstream errors per API and kind. Tags never carry a consumer, key or path, so
 * cardinality stays bounded by the number of APIs.
 */
public final class GatewayMetrics {
  /** The API tag of requests that matched no API. */
  public static final String UNROUTED = "none";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ApiMetrics unrouted = forApi(UNROUTED);

  /** Meters for one API; cheap to call again for the same name (meters are shared). */
  public ApiMetrics forApi(String api) {
    return new ApiMetrics(registry, api);
  }

  public ApiMetrics unrouted() {
    return unrouted;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** Answers {@code GET /metrics} in the Prometheus text format; mount it on the admin router. */
  public Handler<RoutingContext> handler() {
    return ctx ->
        ctx.response()
            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .end(scrape());
  }
}
