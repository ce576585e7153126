package io.keygate.gateway.routing;

import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.config.Durations;
import io.keygate.gateway.metrics.ApiMetrics;
import io.keygate.gateway.proxy.UpstreamPool;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One API compiled for the hot path: its listen prefix and host, its upstream pool and timeouts,
 * and its meters. Built once per definition change; an exchange keeps the route it started with.
 */
public final class Route {
  private final ApiDefinition api;
  private final String host;
  private final String prefix;
  private final boolean strip;
  private final UpstreamPool pool;
  private final long connectTimeoutMs;
  private final long readTimeoutMs;
  private final ApiMetrics metrics;

  public Route(
      ApiDefinition api, Duration defaultConnect, Duration defaultRead, ApiMetrics metrics) {
    this.api = api;
    this.host = api.listen().host() == null ? null : api.listen().host().toLowerCase(Locale.ROOT);
    this.prefix = api.listen().path();
    this.strip = api.listen().strip() == null || api.listen().strip();
    ApiDefinition.Upstream up = api.upstream();
    this.pool = new UpstreamPool(up.url() != null ? List.of(up.url()) : up.targets());
    this.connectTimeoutMs =
        (up.connectTimeout() == null ? defaultConnect : Durations.parse(up.connectTimeout()))
            .toMillis();
    this.readTimeoutMs =
        (up.readTimeout() == null ? defaultRead : Durations.parse(up.readTimeout())).toMillis();
    this.metrics = metrics;
  }

  public ApiDefinition api() {
    return api;
  }

  public String name() {
    return api.name();
  }

  public UpstreamPool pool() {
    return pool;
  }

  public long connectTimeoutMs() {
    return connectTimeoutMs;
  }

  public long readTimeoutMs() {
    return readTimeoutMs;
  }

  public ApiMetrics metrics() {
    return metrics;
  }

  String host() {
    return host;
  }

  String prefix() {
    return prefix;
  }

  /**
   * Whether this route serves {@code path} (normalized): under the prefix, or the prefix itself.
   */
  boolean matches(String path) {
    int p = prefix.length();
    return path.startsWith(prefix) || (path.length() == p - 1 && prefix.startsWith(path));
  }

  /**
   * The path and query for the upstream, relative to the target's base path: the normalized path,
   * without the listen prefix when the API strips it.
   */
  public String upstreamPath(String normalizedPath, String query) {
    String path;
    if (!strip) {
      path = normalizedPath;
    } else if (normalizedPath.length() < prefix.length()) {
      path = "/";
    } else {
      path = normalizedPath.substring(prefix.length() - 1);
    }
    return query == null ? path : path + '?' + query;
  }
}
