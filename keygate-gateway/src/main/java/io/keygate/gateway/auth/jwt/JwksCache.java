package io.keygate.gateway.auth.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One issuer's JWKS, fetched over HTTP and kept fresh: loaded at start, refreshed in the background
 * before its lifetime ({@code Cache-Control: max-age}, else the default) ends, and refetched at
 * once when a token names an unknown key — but never more than once per minimum interval, so a
 * flood of made-up {@code kid}s costs the provider one request per interval. When a fetch fails the
 * keys already held stay in use; they are only ever replaced by a successful fetch.
 *
 * <p>Readers see an immutable {@link KeySet} through a volatile field: the hot path takes no lock.
 * Fetch bookkeeping is guarded by {@code this} and never held across I/O.
 */
final class JwksCache implements KeySource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);
  private static final Duration MAX_LIFETIME = Duration.ofHours(24);

  private final Vertx vertx;
  private final JsonFetcher fetcher;
  private final JwtSettings settings;
  private final String issuer;
  private final String staticJwksUri;
  private final String discoveryUri;
  private final Promise<Void> firstLoad = Promise.promise();

  private volatile KeySet current = KeySet.EMPTY;
  private String discoveredJwksUri;
  private Future<KeySet> inFlight;
  private Promise<KeySet> waiting;
  private long lastFetchNanos;
  private boolean fetchedOnce;
  private long timerId = -1;
  private boolean closed;

  /** Exactly one of {@code staticJwksUri} and {@code discoveryUri} is non-null. */
  JwksCache(
      Vertx vertx,
      JsonFetcher fetcher,
      JwtSettings settings,
      String issuer,
      String staticJwksUri,
      String discoveryUri) {
    this.vertx = vertx;
    this.fetcher = fetcher;
    this.settings = settings;
    this.issuer = issuer;
    this.staticJwksUri = staticJwksUri;
    this.discoveryUri = discoveryUri;
  }

  void start() {
    Runnable launch;
    synchronized (this) {
      if (fetchedOnce || inFlight != null) {
        return;
      }
      launch = beginFetch();
    }
    launch.run();
  }

  @Override
  public KeySet current() {
    return current;
  }

  @Override
  public Future<Void> ready() {
    return firstLoad.future();
  }

  /**
   * Joins the fetch in flight, or starts one, or — when the last fetch began less than the minimum
   * interval ago — waits for the one fetch that will start when the interval ends. Either way a
   * token signed with a key the provider has just published is not refused, and any number of
   * unknown {@code kid}s cost the provider one request per interval.
   */
  @Override
  public Future<KeySet> refetchForUnknownKey() {
    Runnable launch;
    Future<KeySet> answer;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture(current);
      }
      if (inFlight != null) {
        return inFlight.recover(e -> Future.succeededFuture(current));
      }
      long waitNanos =
          settings.minRefetchInterval().toNanos() - (System.nanoTime() - lastFetchNanos);
      if (fetchedOnce && waitNanos > 0) {
        if (waiting == null) {
          waiting = Promise.promise();
          cancelTimer();
          timerId = vertx.setTimer(Math.max(1, waitNanos / 1_000_000), id -> onTimer());
        }
        return waiting.future();
      }
      launch = beginFetch();
      answer = inFlight.recover(e -> Future.succeededFuture(current));
    }
    launch.run();
    return answer;
  }

  /**
   * Records a fetch as started (the bookkeeping, under the lock) and returns what performs it, to
   * be run once the lock is released: no I/O is started while holding it.
   */
  private Runnable beginFetch() {
    assert Thread.holdsLock(this);
    fetchedOnce = true;
    lastFetchNanos = System.nanoTime();
    cancelTimer();
    Promise<Fetched> fetch = Promise.promise();
    Future<KeySet> keys = fetch.future().map(Fetched::keys);
    inFlight = keys;
    if (waiting != null) {
      Promise<KeySet> waiters = waiting;
      waiting = null;
      keys.onComplete(ar -> waiters.complete(ar.succeeded() ? ar.result() : current));
    }
    fetch.future().onComplete(this::fetched);
    String knownJwksUri = staticJwksUri != null ? staticJwksUri : discoveredJwksUri;
    return () -> {
      try {
        jwksUri(knownJwksUri).compose(fetcher::get).map(this::parseJwks).onComplete(fetch);
      } catch (RuntimeException e) {
        fetch.tryFail(e);
      }
    };
  }

  private Future<String> jwksUri(String known) {
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return fetcher
        .get(discoveryUri)
        .map(
            doc -> {
              String uri = jwksUriOf(doc.body());
              synchronized (this) {
                discoveredJwksUri = uri;
              }
              return uri;
            });
  }

  /** OIDC Discovery §4.3: the document must name the issuer we were configured with. */
  private String jwksUriOf(String body) {
    Map<String, Object> doc;
    try {
      doc = JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      throw new JsonFetcher.FetchException(discoveryUri + ": not a JSON object");
    }
    if (!issuer.equals(doc.get("issuer"))) {
      throw new JsonFetcher.FetchException(
          discoveryUri + ": issuer is '" + doc.get("issuer") + "', expected '" + issuer + "'");
    }
    if (!(doc.get("jwks_uri") instanceof String uri)) {
      throw new JsonFetcher.FetchException(discoveryUri + ": no jwks_uri");
    }
    try {
      return ProviderUri.require(uri, discoveryUri + " jwks_uri");
    } catch (IllegalArgumentException e) {
      throw new JsonFetcher.FetchException(e.getMessage());
    }
  }

  private Fetched parseJwks(JsonFetcher.Document doc) {
    KeySet keys;
    try {
      keys = KeySet.of(JWKSet.parse(doc.body()));
    } catch (ParseException e) {
      throw new JsonFetcher.FetchException("JWKS of " + issuer + ": not a JWK set");
    }
    if (keys.size() == 0) {
      // An empty answer is far likelier a provider fault than a real revocation of every key.
      throw new JsonFetcher.FetchException("JWKS of " + issuer + ": no usable signing key");
    }
    return new Fetched(keys, doc.maxAge());
  }

  private record Fetched(KeySet keys, Duration maxAge) {}

  private void fetched(AsyncResult<Fetched> result) {
    Duration next;
    synchronized (this) {
      inFlight = null;
      if (closed) {
        return;
      }
      if (result.succeeded()) {
        Fetched f = result.result();
        if (!f.keys().kids().equals(current.kids())) {
          LOG.info("JWKS of issuer {} now holds key ids {}", issuer, f.keys().kids());
        }
        current = f.keys();
        next = refreshDelay(f.maxAge());
      } else {
        LOG.warn("JWKS refresh for issuer {} failed: {}", issuer, result.cause().getMessage());
        if (staticJwksUri == null) {
          discoveredJwksUri = null;
        }
        next = settings.retryAfterFailure();
      }
      long delay = Math.max(1, next.toMillis());
      cancelTimer();
      timerId = vertx.setTimer(delay, id -> onTimer());
    }
    firstLoad.tryComplete();
  }

  /** Refresh at 80% of the lifetime, so fresh keys are in place before the old set expires. */
  private Duration refreshDelay(Duration maxAge) {
    Duration lifetime = maxAge == null ? settings.defaultJwksLifetime() : maxAge;
    if (lifetime.compareTo(MAX_LIFETIME) > 0) {
      lifetime = MAX_LIFETIME;
    }
    Duration delay = lifetime.multipliedBy(4).dividedBy(5);
    return delay.compareTo(settings.minRefetchInterval()) < 0
        ? settings.minRefetchInterval()
        : delay;
  }

  private void onTimer() {
    Runnable launch;
    synchronized (this) {
      timerId = -1;
      if (closed || inFlight != null) {
        return;
      }
      launch = beginFetch();
    }
    launch.run();
  }

  private void cancelTimer() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    cancelTimer();
    if (waiting != null) {
      waiting.complete(current);
      waiting = null;
    }
    firstLoad.tryComplete();
  }
}
