package io.keygate.gateway.keys;

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
 * <p>Every creation and revocation, and every refused one, is recorded in a {@link KeyAudit} (the
 * vault's audit trail in {@code keygate serve}) before it is reported as done; see {@link #create}
 * and {@link #revoke} for what happens when the trail cannot be written.
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
  private final AuditedKeyChanges audited;
  private final ConcurrentHashMap<String, KeyEntry> byId = new ConcurrentHashMap<>();
  private final ScheduledExecutorService writer;

  private ApiKeys(
      ApiKeyStore store,
      KeyHasher hasher,
      Clock clock,
      Duration refreshEvery,
      AuditedKeyChanges audited) {
    this.store = store;
    this.audited = audited;
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

  /**
   * Loads every key of {@code db} into memory; other nodes' changes are picked up every 10 s.
   * Changes are recorded by {@link KeyAudit#logOnly()}: a node with a vault passes its trail.
   */
  public static ApiKeys open(GatewayDatabase db, KeyHasher hasher) {
    return open(db, hasher, KeyAudit.logOnly());
  }

  /** As {@link #open(GatewayDatabase, KeyHasher)}, recording every change in {@code audit}. */
  public static ApiKeys open(GatewayDatabase db, KeyHasher hasher, KeyAudit audit) {
    return open(db, hasher, Clock.systemUTC(), Duration.ofSeconds(10), audit);
  }

  public static ApiKeys open(
      GatewayDatabase db, KeyHasher hasher, Clock clock, Duration refreshEvery) {
    return open(db, hasher, clock, refreshEvery, KeyAudit.logOnly());
  }

  public static ApiKeys open(
      GatewayDatabase db, KeyHasher hasher, Clock clock, Duration refreshEvery, KeyAudit audit) {
    ApiKeyStore store = new ApiKeyStore(db.dataSource());
    return new ApiKeys(store, hasher, clock, refreshEvery, new AuditedKeyChanges(audit, clock));
  }

  /** {@link #create(KeyActor, String, String, Duration)} by code that opened the store itself. */
  public CreatedKey create(String policy, String alias, Duration expiresIn) {
    return create(KeyActor.admin(KeyActor.IN_PROCESS, ""), policy, alias, expiresIn);
  }

  /**
   * Creates a key carrying {@code policy} for {@code actor}, and records it in the audit trail. The
   * returned key is the only copy: only its HMAC is stored. Fails closed: when the creation cannot
   * be recorded the key is deleted again, never handed out, and {@link KeyAuditException} is
   * thrown. A refused creation is recorded too.
   *
   * @param alias a consumer name, or null
   * @param expiresIn how long the key is accepted, or null for no expiry
   * @throws IllegalArgumentException when the policy name or alias is not acceptable
   * @throws KeyStoreException when the key cannot be stored
   * @throws KeyAuditException when the audit trail cannot record it
   */
  public CreatedKey create(KeyActor actor, String policy, String alias, Duration expiresIn) {
    try {
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
    } catch (IllegalArgumentException e) {
      audited.refused(actor, KeyAuditEvent.CREATE, null, alias, policy, AuditedKeyChanges.BAD);
      throw e;
    }
    Instant now = nowToTheMillisecond();
    String id = KeyFormat.newId();
    String key = KeyFormat.newKey(id);
    ApiKeyInfo info =
        new ApiKeyInfo(
            id, alias, policy, now, expiresIn == null ? null : now.plus(expiresIn), null, null);
    StoredKey stored = new StoredKey(info, hasher.hash(key));
    try {
      store.insert(stored);
    } catch (KeyStoreException e) {
      audited.refused(actor, KeyAuditEvent.CREATE, id, alias, policy, AuditedKeyChanges.STORE);
      throw e;
    }
    // Only once the trail has it does the key exist for anyone: on this node's map, and for the
    // caller. Should the trail refuse it, the row goes again (nobody ever held the key).
    audited.done(actor, KeyAuditEvent.CREATE, info, () -> store.delete(id));
    byId.put(id, new KeyEntry(stored));
    LOG.info("created API key {} (alias {}, policy {})", id, alias, policy);
    return new CreatedKey(SecretValue.of(key), info);
  }

  /**
   * Records a creation refused before it reached this store (an undefined policy, say) as {@code
   * error} with {@code code}. Blocks (the trail may be JDBC).
   *
   * @throws KeyAuditException when the audit trail cannot record it
   */
  public void refusedCreation(KeyActor actor, String policy, String alias, String code) {
    audited.refused(actor, KeyAuditEvent.CREATE, null, alias, policy, code);
  }

  /** Every key's metadata, oldest first. */
  public List<ApiKeyInfo> list() {
    List<ApiKeyInfo> all = new ArrayList<>(byId.size());
    for (KeyEntry e : byId.values()) {
      all.add(e.currentInfo());
    }
    all.sort(Comparator.comparing(ApiKeyInfo::created).thenComparing(ApiKeyInfo::id));
    return all;
  }

  public Optional<ApiKeyInfo> find(String id) {
    KeyEntry e = id == null ? null : byId.get(id);
    return e == null ? Optional.empty() : Optional.of(e.currentInfo());
  }

  /** {@link #revoke(KeyActor, String)} by code that opened the store itself. */
  public Optional<ApiKeyInfo> revoke(String id) {
    return revoke(KeyActor.admin(KeyActor.IN_PROCESS, ""), id);
  }

  /**
   * Revokes a key for {@code actor}: refused from this moment on this node, and on others at their
   * next refresh. Recorded in the audit trail, an unknown id as {@code error KeyNotFound}. When the
   * trail cannot record a revocation, the key stays revoked (never un-revoked to match a trail) and
   * {@link KeyAuditException} says so.
   *
   * @return the revoked key's metadata, or empty when there is no such key
   * @throws KeyStoreException when the store cannot be written
   * @throws KeyAuditException when the audit trail cannot record it
   */
  public Optional<ApiKeyInfo> revoke(KeyActor actor, String id) {
    KeyEntry revoked;
    try {
      if (id == null || !known(id)) {
        audited.refused(actor, KeyAuditEvent.REVOKE, id, null, null, AuditedKeyChanges.NOT_FOUND);
        return Optional.empty();
      }
      KeyEntry current = byId.get(id);
      if (current != null && current.info.revoked() != null) {
        // Already revoked: nothing changes, so no new revocation time and no second audit entry.
        return Optional.of(current.currentInfo());
      }
      Instant now = nowToTheMillisecond();
      store.revoke(id, now);
      revoked =
          byId.computeIfPresent(
              id, (k, e) -> e.info.revoked() != null ? e : e.withInfo(e.info.withRevoked(now)));
    } catch (KeyStoreException e) {
      audited.refused(actor, KeyAuditEvent.REVOKE, id, null, null, AuditedKeyChanges.STORE);
      throw e;
    }
    LOG.info("revoked API key {}", id);
    audited.done(actor, KeyAuditEvent.REVOKE, revoked.info, () -> {});
    return Optional.of(revoked.currentInfo());
  }

  /** Whether {@code id} is a key, asking the database when another node may have created it. */
  private boolean known(String id) {
    if (!byId.containsKey(id)) {
      refresh();
    }
    return byId.containsKey(id);
  }

  /**
   * Checks a presented key. Never blocks, never throws for bad input, and never logs the key.
   * Expiry and revocation are reported only to a caller who proved they hold the key.
   */
  public KeyVerification verify(String presented) {
    String id = KeyFormat.idOf(presented);
    KeyEntry entry = id == null ? null : byId.get(id);
    if (entry == null || !hasher.matches(presented, entry.hash)) {
      return KeyVerification.UNKNOWN;
    }
    if (entry.revoked) {
      return KeyVerification.refused(KeyVerification.Outcome.REVOKED, entry.info.consumer());
    }
    long now = clock.millis();
    if (now >= entry.expiresMs) {
      return KeyVerification.refused(KeyVerification.Outcome.EXPIRED, entry.info.consumer());
    }
    if (now - entry.lastUsedMs >= LAST_USED_RESOLUTION_MS) {
      entry.lastUsedMs = now;
    }
    return entry.accepted;
  }

  /** Re-reads every key from the database (other nodes' creations and revocations). */
  public void refresh() {
    for (StoredKey stored : store.loadAll()) {
      byId.merge(stored.info().id(), new KeyEntry(stored), KeyEntry::mergedWith);
    }
  }

  /** Writes pending last-used times now. */
  public void flush() {
    Map<String, Instant> due = new HashMap<>();
    for (KeyEntry e : byId.values()) {
      long used = e.lastUsedMs;
      if (used > e.flushedLastUsedMs) {
        due.put(e.info.id(), Instant.ofEpochMilli(used));
      }
    }
    store.recordLastUsed(due);
    for (Map.Entry<String, Instant> d : due.entrySet()) {
      KeyEntry e = byId.get(d.getKey());
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
}
