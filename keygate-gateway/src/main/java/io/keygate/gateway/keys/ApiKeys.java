package io.keygate.gateway.keys;

import io.keygate.gateway.chain.Identity;
import io.keygate.secrets.SecretValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's API keys: created, listed, revoked, and verified on the hot path without touching
 * the database. Every key lives in an in-memory map by id; creation and revocation on this node
 * take effect at once, changes made by other nodes arrive with {@link #refresh()} (run
 * periodically). Verification is one map lookup, one HMAC and one constant-time comparison.
 * Last-used times are written behind in batches, at least every second and on {@link #close()}.
 *
 * <p>{@link #create}, {@link #revoke}, {@link #refresh} and {@link #close} do blocking JDBC: call
 * them off the event loop. {@link #verify} and {@link #list} never block.
 */
public final class ApiKeys implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,99}");
  private static final Pattern POLICY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  private static final long LAST_USED_RESOLUTION_MS = 1000;

  private final ApiKeyStore store;
  private final KeyHasher hasher;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
  private final ScheduledExecutorService writer;

  private ApiKeys(ApiKeyStore store, KeyHasher hasher, Clock clock, Duration refreshEvery) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    refresh();
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("keygate-key-writer").unstarted(r));
    writer.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
    long refreshMs = refreshEvery.toMillis();
    writer.scheduleWithFixedDelay(
        this::refreshQuietly, refreshMs, refreshMs, TimeUnit.MILLISECONDS);
  }

  /** Loads every key of {@code db} into memory; other nodes' changes are picked up every 10 s. */
  public static ApiKeys open(GatewayDatabase db, KeyHasher hasher) {
    return open(db, hasher, Clock.systemUTC(), Duration.ofSeconds(10));
  }

  public static ApiKeys open(
      GatewayDatabase db, KeyHasher hasher, Clock clock, Duration refreshEvery) {
    return new ApiKeys(new ApiKeyStore(db.dataSource()), hasher, clock, refreshEvery);
  }

  /**
   * Creates a key carrying {@code policy}. The returned key is the only copy: only its HMAC is
   * stored.
   *
   * @param alias a consumer name, or null
   * @param expiresIn how long the key is accepted, or null for no expiry
   * @throws IllegalArgumentException when the policy name or alias is not acceptable
   */
  public CreatedKey create(String policy, String alias, Duration expiresIn) {
    if (policy == null || !POLICY.matcher(policy).matches()) {
      throw new IllegalArgumentException(
          "policy name must be 1-200 letters, digits, '.', '_' or '-'");
    }
    if (alias != null && !ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException(
          "alias must be 1-100 letters, digits, '.', '_', '@', ':' or '-'");
    }
    if (expiresIn != null && (expiresIn.isZero() || expiresIn.isNegative())) {
      throw new IllegalArgumentException("expiry must be in the future");
    }
    Instant now = nowToTheMillisecond();
    String id = KeyFormat.newId();
    String key = KeyFormat.newKey(id);
    ApiKeyInfo info =
        new ApiKeyInfo(
            id, alias, policy, now, expiresIn == null ? null : now.plus(expiresIn), null, null);
    StoredKey stored = new StoredKey(info, hasher.hash(key));
    store.insert(stored);
    byId.put(id, new Entry(stored));
    LOG.info("created API key {} (alias {}, policy {})", id, alias, policy);
    return new CreatedKey(SecretValue.of(key), info);
  }

  /** Every key's metadata, oldest first. */
  public List<ApiKeyInfo> list() {
    List<ApiKeyInfo> all = new ArrayList<>(byId.size());
    for (Entry e : byId.values()) {
      all.add(e.currentInfo());
    }
    all.sort(Comparator.comparing(ApiKeyInfo::created).thenComparing(ApiKeyInfo::id));
    return all;
  }

  public Optional<ApiKeyInfo> find(String id) {
    Entry e = id == null ? null : byId.get(id);
    return e == null ? Optional.empty() : Optional.of(e.currentInfo());
  }

  /**
   * Revokes a key: refused from this moment on this node, and on others at their next refresh.
   *
   * @return the revoked key's metadata, or empty when there is no such key
   */
  public Optional<ApiKeyInfo> revoke(String id) {
    if (id == null) {
      return Optional.empty();
    }
    if (!byId.containsKey(id)) {
      refresh(); // it may have been created on another node since the last refresh
      if (!byId.containsKey(id)) {
        return Optional.empty();
      }
    }
    Instant now = nowToTheMillisecond();
    store.revoke(id, now);
    Entry revoked =
        byId.computeIfPresent(
            id, (k, e) -> e.info.revoked() != null ? e : e.withInfo(e.info.withRevoked(now)));
    LOG.info("revoked API key {}", id);
    return Optional.ofNullable(revoked).map(Entry::currentInfo);
  }

  /**
   * Checks a presented key. Never blocks, never throws for bad input, and never logs the key.
   * Expiry and revocation are reported only to a caller who proved they hold the key.
   */
  public KeyVerification verify(String presented) {
    String id = KeyFormat.idOf(presented);
    Entry entry = id == null ? null : byId.get(id);
    if (entry == null || !hasher.matches(presented, entry.hash)) {
      return KeyVerification.UNKNOWN;
    }
    if (entry.revoked) {
      return KeyVerification.REVOKED;
    }
    long now = clock.millis();
    if (now >= entry.expiresMs) {
      return KeyVerification.EXPIRED;
    }
    if (now - entry.lastUsedMs >= LAST_USED_RESOLUTION_MS) {
      entry.lastUsedMs = now;
    }
    return entry.accepted;
  }

  /** Re-reads every key from the database (other nodes' creations and revocations). */
  public void refresh() {
    for (StoredKey stored : store.loadAll()) {
      byId.merge(stored.info().id(), new Entry(stored), Entry::mergedWith);
    }
  }

  /** Writes pending last-used times now. */
  public void flush() {
    Map<String, Instant> due = new HashMap<>();
    for (Entry e : byId.values()) {
      long used = e.lastUsedMs;
      if (used > e.flushedLastUsedMs) {
        due.put(e.info.id(), Instant.ofEpochMilli(used));
      }
    }
    store.recordLastUsed(due);
    for (Map.Entry<String, Instant> d : due.entrySet()) {
      Entry e = byId.get(d.getKey());
      if (e != null) {
        e.flushedLastUsedMs = Math.max(e.flushedLastUsedMs, d.getValue().toEpochMilli());
      }
    }
  }

  /** Stops the background writer and flushes what is pending. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }

  /** The database keeps milliseconds: so does memory, so that both compare equal. */
  private Instant nowToTheMillisecond() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("could not write API key last-used times; will retry: {}", e.getMessage());
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warn(
          "could not refresh API keys from the database; keeping the cached keys: {}",
          e.getMessage());
    }
  }

  /** One key in memory. Immutable except for the last-used bookkeeping. */
  private static final class Entry {
    final ApiKeyInfo info;
    final byte[] hash;
    final boolean revoked;
    final long expiresMs;
    final KeyVerification accepted;
    volatile long lastUsedMs;
    volatile long flushedLastUsedMs;

    Entry(StoredKey stored) {
      this(stored.info(), stored.hash());
    }

    Entry(ApiKeyInfo info, byte[] hash) {
      this.info = info;
      this.hash = hash;
      this.revoked = info.revoked() != null;
      this.expiresMs = info.expires() == null ? Long.MAX_VALUE : info.expires().toEpochMilli();
      this.accepted =
          new KeyVerification(
              KeyVerification.Outcome.ACCEPTED,
              new Identity(List.of("key:" + info.id()), info.consumer(), info.policy(), Map.of()));
      long stored = info.lastUsed() == null ? 0 : info.lastUsed().toEpochMilli();
      this.lastUsedMs = stored;
      this.flushedLastUsedMs = stored;
    }

    Entry withInfo(ApiKeyInfo changed) {
      Entry e = new Entry(changed, hash);
      e.lastUsedMs = Math.max(e.lastUsedMs, lastUsedMs);
      e.flushedLastUsedMs = Math.max(e.flushedLastUsedMs, flushedLastUsedMs);
      return e;
    }

    /** Revocation is permanent: a stale read from the database never un-revokes a key. */
    Entry mergedWith(Entry fromStore) {
      if (sameExceptLastUsed(fromStore.info)) {
        // Unchanged: keep this entry (and the identity objects the hot path hands out).
        lastUsedMs = Math.max(lastUsedMs, fromStore.lastUsedMs);
        flushedLastUsedMs = Math.max(flushedLastUsedMs, fromStore.flushedLastUsedMs);
        return this;
      }
      ApiKeyInfo merged = fromStore.info;
      if (revoked && merged.revoked() == null) {
        merged = merged.withRevoked(info.revoked());
      }
      Entry e = new Entry(merged, hash);
      e.lastUsedMs = Math.max(lastUsedMs, fromStore.lastUsedMs);
      e.flushedLastUsedMs = Math.max(flushedLastUsedMs, fromStore.flushedLastUsedMs);
      return e;
    }

    private boolean sameExceptLastUsed(ApiKeyInfo other) {
      return other.withLastUsed(null).equals(info.withLastUsed(null))
          || (revoked
              && other.revoked() == null
              && other
                  .withRevoked(info.revoked())
                  .withLastUsed(null)
                  .equals(info.withLastUsed(null)));
    }

    ApiKeyInfo currentInfo() {
      long used = lastUsedMs;
      return used == 0 ? info : info.withLastUsed(Instant.ofEpochMilli(used));
    }
  }
}
