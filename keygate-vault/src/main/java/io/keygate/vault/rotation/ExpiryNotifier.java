package io.keygate.vault.rotation;

import io.keygate.secrets.SecretEvent;
import io.keygate.vault.events.EventLog;
import io.keygate.vault.events.VaultEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Raises {@code SecretNearExpiry} once per version when its {@code exp} is within the lead time
 * (the policy's Notify {@code timeBeforeExpiry}, else the default, 30 days as in Azure), and {@code
 * SecretExpired} once per version when {@code exp} has passed. "Once" holds across nodes: the event
 * log refuses a second entry for the same version.
 */
final class ExpiryNotifier {
  private final EventLog events;
  private final Duration defaultLead;
  private final Consumer<SecretEvent> listeners;

  ExpiryNotifier(EventLog events, Duration defaultLead, Consumer<SecretEvent> listeners) {
    this.events = events;
    this.defaultLead = defaultLead;
    this.listeners = listeners;
  }

  /** Returns how many events were raised. */
  int check(CurrentVersion secret, Optional<RotationPolicy> policy, Instant now) {
    if (secret.expires() == null) {
      return 0;
    }
    Instant expires = Instant.ofEpochSecond(secret.expires());
    Duration lead = policy.flatMap(RotationPolicy::notifyBeforeExpiry).orElse(defaultLead);
    if (!now.isBefore(expires)) {
      return raise(VaultEvent.EXPIRED, SecretEvent.Type.EXPIRED, secret, now);
    }
    if (!now.isBefore(expires.minus(lead))) {
      return raise(VaultEvent.NEAR_EXPIRY, SecretEvent.Type.NEAR_EXPIRY, secret, now);
    }
    return 0;
  }

  private int raise(String type, SecretEvent.Type inProcess, CurrentVersion secret, Instant now) {
    Optional<VaultEvent> added =
        events.append(
            type + "/" + secret.vault() + "/" + secret.name() + "/" + secret.version(),
            type,
            secret.vault(),
            secret.name(),
            secret.version(),
            now,
            Optional.ofNullable(secret.notBefore()).map(Instant::ofEpochSecond),
            Optional.ofNullable(secret.expires()).map(Instant::ofEpochSecond));
    added.ifPresent(
        e ->
            listeners.accept(
                new SecretEvent(inProcess, secret.vault(), secret.name(), secret.version(), now)));
    return added.isPresent() ? 1 : 0;
  }
}
