package io.keygate.gateway.credentials;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves secret references for callers through a {@link SecretSource}, with a cache in front so
 * that steady traffic makes no source call per request.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Values are cached per (reference, principal set): the source decides per caller, so one
 *       caller's grant never serves another.
 *   <li>A cold entry is loaded once however many requests ask at the same time (single flight).
 *   <li>An entry is refreshed in the background once {@link ResolverSettings#refreshAt} of its
 *       lifetime has passed; its lifetime ends at {@link ResolverSettings#maxAge} or the secret's
 *       expiry, whichever is first.
 *   <li>A refusal (any 4xx: forbidden, not found, disabled, expired) is remembered for {@link
 *       ResolverSettings#negativeTtl}.
 *   <li>If the source fails otherwise (unreachable, 5xx) after an entry's lifetime, the cached
 *       value keeps serving for {@link ResolverSettings#staleIfError} (never past the secret's own
 *       expiry), with a warning and the {@link #staleServed()} count.
 *   <li>Events from the source (new version, disabled, deleted, access changed...) drop every entry
 *       of the secret they name, so the next request loads the new state. {@code ROTATING} does
 *       not: the value is unchanged until the new version's own event.
 * </ul>
 */
public final class SecretResolver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SecretResolver.class);

  /** One cache key: the reference as resolved (claims substituted) and who asks. */
  private record Key(SecretRef ref, Set<String> principals) {}

  /** A cached answer: a value, or a refusal ({@code denial} set, {@code secret} null). */
  private record Entry(
      ResolvedSecret secret,
      SecretAccessException denial,
      Instant refreshAt,
      Instant freshUntil,
      Instant expiresAt) {}

  private final SecretSource source;
  private final ResolverSettings settings;
  private final Clock clock;
  private final AsyncCache<Key, Entry> cache;
  private final ConcurrentHashMap<Key, CompletableFuture<Entry>> refreshing =
      new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong sourceCalls = new AtomicLong();
  private final AtomicLong staleServed = new AtomicLong();
  private final AutoCloseable subscription;

  /**
   * Listens on the resolver's behalf through a weak reference: a gateway that stops without closing
   * its resolver leaves only this empty listener behind at the source, not its cache.
   */
  private record WeakListener(WeakReference<SecretResolver> resolver)
      implements Consumer<SecretEvent> {
    @Override
    public void accept(SecretEvent event) {
      SecretResolver alive = resolver.get();
      if (alive != null) {
        alive.onEvent(event);
      }
    }
  }

  private SecretResolver(SecretSource source, ResolverSettings settings, Clock clock) {
    this.source = source;
    this.settings = settings;
    this.clock = clock;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(settings.maximumSize())
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .expireAfter(
                Expiry.writing(
                    (Key key, Entry entry) ->
                        clampPositive(Duration.between(clock.instant(), entry.expiresAt()))))
            .buildAsync();
    this.subscription = source.subscribe(new WeakListener(new WeakReference<>(this)));
  }

  /** A resolver over {@code source}, subscribed to its events until {@link #close()}. */
  public static SecretResolver create(SecretSource source, ResolverSettings settings, Clock clock) {
    return new SecretResolver(
        Objects.requireNonNull(source, "source"),
        Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(clock, "clock"));
  }

  /** A resolver with {@link ResolverSettings#DEFAULTS} on the system clock. */
  public static SecretResolver create(SecretSource source) {
    return create(source, ResolverSettings.DEFAULTS, Clock.systemUTC());
  }

  /**
   * The value of {@code ref} for {@code caller}, from the cache when it can. Fails with the
   * source's {@link SecretAccessException} when the caller may not have it, or with the source's
   * error when it fails and nothing usable is cached. Never blocks.
   */
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    Key key = new Key(ref, Set.copyOf(caller.principals()));
    CompletableFuture<Entry> cached = cache.getIfPresent(key);
    if (cached != null && cached.isCompletedExceptionally()) {
      // Caffeine drops failed loads as they fail; do not hand out the same failure meanwhile.
      cache.asMap().remove(key, cached);
      cached = null;
    }
    if (cached == null) {
      return cache.get(key, (k, executor) -> load(k, caller)).thenCompose(SecretResolver::answer);
    }
    if (!cached.isDone()) {
      return cached.thenCompose(SecretResolver::answer);
    }
    Entry entry = cached.join();
    Instant now = clock.instant();
    if (entry.denial() != null || now.isBefore(entry.refreshAt())) {
      return answer(entry);
    }
    if (now.isBefore(entry.freshUntil())) {
      refresh(key, caller);
      return answer(entry);
    }
    return refresh(key, caller)
        .handle((fresh, error) -> error == null ? fresh : staleOrFail(ref, entry, error))
        .thenCompose(SecretResolver::answer);
  }

  /**
   * The value of {@code ref} for {@code caller} as the source has it now, bypassing the cache (one
   * source call however many ask at the same time); the answer replaces the cached entry. For a
   * caller whose cached credential was just refused by its upstream.
   */
  public CompletionStage<ResolvedSecret> reload(SecretRef ref, Caller caller) {
    return refresh(new Key(ref, Set.copyOf(caller.principals())), caller)
        .thenCompose(SecretResolver::answer);
  }

  private Entry staleOrFail(SecretRef ref, Entry stale, Throwable error) {
    Throwable cause = unwrap(error);
    if (clock.instant().isBefore(stale.expiresAt())) {
      staleServed.incrementAndGet();
      log.warn(
          "Secret source failed for {} ({}); serving the cached version {} (stale-if-error)",
          ref,
          cause instanceof SecretAccessException s ? s.code() : cause.getClass().getSimpleName(),
          stale.secret().version());
      return stale;
    }
    throw new CompletionException(cause);
  }

  /** Starts one background reload of {@code key}, or joins the one in flight. */
  private CompletableFuture<Entry> refresh(Key key, Caller caller) {
    CompletableFuture<Entry> mine = new CompletableFuture<>();
    CompletableFuture<Entry> running = refreshing.putIfAbsent(key, mine);
    if (running != null) {
      return running;
    }
    long before = generation.get();
    load(key, caller)
        .whenComplete(
            (entry, error) -> {
              // An event that arrived while loading may have made this answer old: do not cache it.
              if (error == null && generation.get() == before) {
                CompletableFuture<Entry> fresh = CompletableFuture.completedFuture(entry);
                cache.put(key, fresh);
                if (generation.get() != before) {
                  // The event slipped in between the check and the put.
                  cache.asMap().remove(key, fresh);
                }
              }
              refreshing.remove(key, mine);
              if (error != null) {
                log.debug("Refresh of {} failed: {}", key.ref(), unwrap(error).toString());
                mine.completeExceptionally(unwrap(error));
              } else {
                mine.complete(entry);
              }
            });
    return mine;
  }

  /** Asks the source; a refusal becomes a (short-lived) entry, any other failure fails. */
  private CompletableFuture<Entry> load(Key key, Caller caller) {
    sourceCalls.incrementAndGet();
    CompletionStage<ResolvedSecret> stage;
    try {
      stage = source.resolve(key.ref(), caller);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return stage
        .toCompletableFuture()
        .handle(
            (secret, error) -> {
              Instant now = clock.instant();
              if (error == null) {
                return positive(secret, now);
              }
              Throwable cause = unwrap(error);
              if (cause instanceof SecretAccessException denied
                  && denied.status() >= 400
                  && denied.status() < 500) {
                Instant until = now.plus(settings.negativeTtl());
                return new Entry(null, denied, until, until, until);
              }
              throw new CompletionException(cause);
            });
  }

  private Entry positive(ResolvedSecret secret, Instant now) {
    Instant freshUntil = now.plus(settings.maxAge());
    if (secret.expires().isPresent() && secret.expires().get().isBefore(freshUntil)) {
      freshUntil = secret.expires().get();
    }
    long lifetimeMillis = Math.max(0, Duration.between(now, freshUntil).toMillis());
    Instant refreshAt = now.plusMillis((long) (lifetimeMillis * settings.refreshAt()));
    Instant expiresAt = freshUntil.plus(settings.staleIfError());
    if (secret.expires().isPresent() && secret.expires().get().isBefore(expiresAt)) {
      expiresAt = secret.expires().get();
    }
    return new Entry(secret, null, refreshAt, freshUntil, expiresAt);
  }

  private static CompletableFuture<ResolvedSecret> answer(Entry entry) {
    return entry.denial() != null
        ? CompletableFuture.failedFuture(entry.denial())
        : CompletableFuture.completedFuture(entry.secret());
  }

  private void onEvent(SecretEvent event) {
    switch (event.type()) {
      case NEAR_EXPIRY, ROTATING, ROTATION_FAILED -> {
        return; // the cached value is still the current one
      }
      default -> {}
    }
    generation.incrementAndGet();
    cache.asMap().keySet().removeIf(key -> concerns(event, key.ref()));
  }

  private static boolean concerns(SecretEvent event, SecretRef ref) {
    if (event.vault().isEmpty()) {
      return true;
    }
    return event.vault().equals(ref.vault())
        && (event.name().isEmpty() || event.name().equals(ref.name()));
  }

  /**
   * Publishes {@code keygate_secret_source_reads_total} (loads and refreshes that reached the
   * source) and {@code keygate_secret_stale_served_total} (answers served stale because the source
   * failed) on {@code registry}. Counts only: no secret name or value becomes a label.
   */
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("keygate.secret.source.reads", this, SecretResolver::sourceCalls)
        .description("Secret reads that reached the secret source (cache loads and refreshes)")
        .register(registry);
    FunctionCounter.builder("keygate.secret.stale.served", this, SecretResolver::staleServed)
        .description("Credentials served from cache past their lifetime because the source failed")
        .register(registry);
  }

  /** The source this resolver reads through. */
  SecretSource source() {
    return source;
  }

  /** How many times the source was asked (loads and refreshes). */
  public long sourceCalls() {
    return sourceCalls.get();
  }

  /** How many answers were served from a stale entry because the source failed. */
  public long staleServed() {
    return staleServed.get();
  }

  /** Unsubscribes from the source's events. */
  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      log.warn("Could not unsubscribe from the secret source: {}", e.toString());
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static Duration clampPositive(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
