package io.keygate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one API, resolved once and cached by method and status class, so that recording a
 * request on the hot path is an array read and an update.
 */
public final class ApiMetrics {
  private static final HttpMethod[] METHODS = {
    HttpMethod.GET,
    HttpMethod.HEAD,
    HttpMethod.POST,
    HttpMethod.PUT,
    HttpMethod.PATCH,
    HttpMethod.DELETE,
    HttpMethod.OPTIONS
  };
  private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;
  private final String api;
  private final Timer[][] timers = new Timer[METHODS.length + 1][CLASSES.length];
  private final Counter refused;
  private final Counter timeout;
  private final Counter reset;

  ApiMetrics(MeterRegistry registry, String api) {
    this.registry = registry;
    this.api = api;
    this.refused = upstreamErrors("refused");
    this.timeout = upstreamErrors("timeout");
    this.reset = upstreamErrors("reset");
  }

  /** Records one answered request: its total latency, by method and status class. */
  public void request(HttpMethod method, int status, long nanos) {
    int m = methodIndex(method);
    int c = Math.min(Math.max(status / 100, 1), 5) - 1;
    Timer t = timers[m][c];
    if (t == null) {
      t =
          Timer.builder("keygate.requests")
              .description("Requests answered by the gateway, with their total latency")
              .tag("api", api)
              .tag("method", m < METHODS.length ? METHODS[m].name() : "OTHER")
              .tag("status", CLASSES[c])
              .serviceLevelObjectives(BUCKETS)
              .register(registry);
      timers[m][c] = t;
    }
    t.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** An upstream that refused or reset the connection (502). */
  public void upstreamRefused() {
    refused.increment();
  }

  /** An upstream that did not connect or answer in time (504). */
  public void upstreamTimeout() {
    timeout.increment();
  }

  /** An upstream that broke off a response already under way. */
  public void upstreamReset() {
    reset.increment();
  }

  private Counter upstreamErrors(String kind) {
    return Counter.builder("keygate.upstream.errors")
        .description("Upstream connections refused, timed out or reset")
        .tag("api", api)
        .tag("kind", kind)
        .register(registry);
  }

  private static int methodIndex(HttpMethod method) {
    for (int i = 0; i < METHODS.length; i++) {
      if (METHODS[i] == method) {
        return i;
      }
    }
    return METHODS.length;
  }
}
