package io.keygate.gateway.auth.jwt;

import io.keygate.gateway.config.JwtAuthConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The JWKS caches of one gateway node, shared by every API: two APIs that trust the same issuer
 * (same key location) share one cache, one background refresh and one rate limit on refetches. A
 * cache lives while some authenticator holds it. Create one registry per node and close it on
 * shutdown.
 */
public final class JwksRegistry implements AutoCloseable {
  private final Vertx vertx;
  private final JwtSettings settings;
  private final HttpClient http;
  private final JsonFetcher fetcher;
  private final Map<String, Held> caches = new HashMap<>();

  private static final class Held {
    final JwksCache cache;
    int holders;

    Held(JwksCache cache) {
      this.cache = cache;
    }
  }

  private JwksRegistry(Vertx vertx, JwtSettings settings) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) settings.fetchTimeout().toMillis())
                .setVerifyHost(true)
                .setMaxRedirects(0));
    this.fetcher = new JsonFetcher(vertx, http, settings);
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

  /**
   * The key source for one configured issuer, started if new. Inline keys are not shared. Every
   * call must be matched by {@link #release(KeySource)}.
   */
  KeySource acquire(JwtAuthConfig config, String field) {
    if (config.keys() != null && !config.keys().isEmpty()) {
      return StaticKeySource.of(config.keys(), field + ".keys");
    }
    KeyLocation location = keyLocation(config, field);
    String jwksUri = location.jwksUri();
    String discovery = location.discovery();
    String key = config.issuer() + "\n" + jwksUri + "\n" + discovery;
    JwksCache cache;
    synchronized (caches) {
      Held held =
          caches.computeIfAbsent(
              key,
              k ->
                  new Held(
                      new JwksCache(
                          vertx, fetcher, settings, config.issuer(), jwksUri, discovery)));
      held.holders++;
      cache = held.cache;
    }
    cache.start();
    return cache;
  }

  /** Where an issuer's keys are fetched from: a static JWKS URI, or a discovery document. */
  record KeyLocation(String jwksUri, String discovery) {}

  /**
   * Where the keys of {@code config} are fetched from (both null for inline keys, which are checked
   * by parsing them); checks the URL rule.
   */
  static KeyLocation keyLocation(JwtAuthConfig config, String field) {
    if (config.keys() != null && !config.keys().isEmpty()) {
      StaticKeySource.of(config.keys(), field + ".keys");
      return new KeyLocation(null, null);
    }
    if (config.jwksUri() != null && !config.jwksUri().isBlank()) {
      return new KeyLocation(ProviderUri.require(config.jwksUri(), field + ".jwksUri"), null);
    }
    String discovery =
        config.discovery() == null || config.discovery().isBlank()
            ? new IssuerName(config.issuer()).defaultDiscovery()
            : config.discovery();
    return new KeyLocation(null, ProviderUri.require(discovery, field + ".discovery"));
  }

  /** Drops one hold; the last holder's release stops the cache's background refresh. */
  void release(KeySource source) {
    if (!(source instanceof JwksCache cache)) {
      return;
    }
    synchronized (caches) {
      caches
          .entrySet()
          .removeIf(
              e -> {
                if (e.getValue().cache != cache) {
                  return false;
                }
                if (--e.getValue().holders > 0) {
                  return false;
                }
                cache.close();
                return true;
              });
    }
  }

  /** Stops every background refresh and closes the HTTP client. */
  @Override
  public void close() {
    synchronized (caches) {
      caches.values().forEach(h -> h.cache.close());
      caches.clear();
    }
    http.close();
  }
}
