package io.keygate.vault.rotation;

import io.keygate.secrets.SecretEvent;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.events.EventLog;
import io.keygate.vault.events.EventSubscriptions;
import io.keygate.vault.events.VaultEvent;
import io.keygate.vault.internal.store.Database;
import io.keygate.vault.rotation.generators.Generators;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotation for one open vault: its policies, its scheduler and its event log. Open it after the
 * vault (whose start applies the rotation tables' migrations), on the same options; close it before
 * the vault. The event log also records the vault's own new-version, disable and delete events, so
 * remote subscribers see manual changes too.
 */
public final class Rotation implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Rotation.class);

  /** How long before {@code exp} near-expiry fires when the policy says nothing (as Azure). */
  public static final Duration DEFAULT_NEAR_EXPIRY_LEAD = Duration.ofDays(30);

  /** Entries the event log keeps. */
  public static final int EVENT_LOG_CAPACITY = 10_000;

  private final Database database;
  private final RotationPolicies policies;
  private final RotationScheduler scheduler;
  private final EventLog events;
  private final EventSubscriptions subscriptions;
  private final AutoCloseable vaultSubscription;
  private final Sql sql;
  private final SecretVault vault;

  private Rotation(SecretVault vault, VaultOptions options, Generators generators, Duration lead) {
    this.database =
        Database.open(
            options.effectiveJdbcUrl(),
            options.jdbcUser().orElse(null),
            options.jdbcPassword().orElse(null));
    this.vault = vault;
    this.sql = new Sql(database);
    this.events = new EventLog(database, EVENT_LOG_CAPACITY);
    this.policies = new RotationPolicies(vault, sql, options.clock());
    this.scheduler =
        new RotationScheduler(
            vault,
            sql,
            events,
            generators,
            options.clock(),
            "node-" + UUID.randomUUID(),
            Duration.ofMinutes(5),
            lead);
    this.subscriptions =
        new EventSubscriptions(
            vault,
            database,
            events,
            options.clock(),
            generators.sslContext().orElse(null),
            EventSubscriptions.DEFAULT_MAX_ATTEMPTS,
            "node-" + UUID.randomUUID());
    this.vaultSubscription = vault.subscribe(this::record);
  }

  /** Rotation with the standard generators and the default near-expiry lead time. */
  public static Rotation open(SecretVault vault, VaultOptions options) {
    return open(vault, options, Generators.standard(), DEFAULT_NEAR_EXPIRY_LEAD);
  }

  public static Rotation open(
      SecretVault vault, VaultOptions options, Generators generators, Duration nearExpiryLead) {
    return new Rotation(vault, options, generators, nearExpiryLead);
  }

  public RotationPolicies policies() {
    return policies;
  }

  public RotationScheduler scheduler() {
    return scheduler;
  }

  public EventLog events() {
    return events;
  }

  /** The vault's audit trail, for the admin API's audited policy changes. */
  public io.keygate.vault.audit.AuditLog audit() {
    return vault.audit();
  }

  /** Webhook subscriptions to the events. */
  public EventSubscriptions subscriptions() {
    return subscriptions;
  }

  @Override
  public void close() {
    scheduler.close();
    subscriptions.close();
    try {
      vaultSubscription.close();
    } catch (Exception e) {
      log.debug("Unsubscribing from the vault failed", e);
    }
    database.close();
  }

  private void record(SecretEvent event) {
    String type =
        switch (event.type()) {
          case NEW_VERSION -> VaultEvent.NEW_VERSION_CREATED;
          case DISABLED -> VaultEvent.DISABLED;
          case DELETED, PURGED -> VaultEvent.DELETED;
          default -> null;
        };
    if (type == null) {
      return;
    }
    try {
      String key =
          type.equals(VaultEvent.NEW_VERSION_CREATED)
              ? RotationScheduler.eventKey(type, event.vault(), event.name(), event.version())
              : type + "/" + UUID.randomUUID();
      Optional<CurrentVersion> version =
          event.version().isEmpty()
              ? Optional.empty()
              : sql.read(
                  c -> CurrentVersion.version(c, event.vault(), event.name(), event.version()));
      events.append(
          key,
          type,
          event.vault(),
          event.name(),
          event.version(),
          event.at(),
          version.map(CurrentVersion::notBefore).map(Instant::ofEpochSecond),
          version.map(CurrentVersion::expires).map(Instant::ofEpochSecond));
    } catch (RuntimeException e) {
      log.warn(
          "Could not record {} of {}/{} in the event log", type, event.vault(), event.name(), e);
    }
  }
}
