package io.keygate.vault.rotation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret's rotation policy, in the shape of Azure Key Vault's key rotation policy plus Keygate's
 * overlap and generator. Built and validated by {@link RotationPolicyJson#parse}.
 *
 * @param lifetimeActions when to rotate or notify
 * @param expiryTime the lifetime given to each new version ({@code exp = created + expiryTime})
 * @param overlap how long the previous version stays enabled after a rotation; then it is disabled
 *     (never deleted)
 * @param generator how new values are made; required when any action rotates
 */
public record RotationPolicy(
    List<LifetimeAction> lifetimeActions,
    Optional<Duration> expiryTime,
    Duration overlap,
    Optional<GeneratorSpec> generator) {
  public RotationPolicy {
    lifetimeActions = List.copyOf(lifetimeActions);
    Objects.requireNonNull(expiryTime, "expiryTime");
    Objects.requireNonNull(overlap, "overlap");
    Objects.requireNonNull(generator, "generator");
  }

  /** The earliest notify lead before expiry, if any Notify action is keyed to the expiry. */
  public Optional<Duration> notifyBeforeExpiry() {
    return lifetimeActions.stream()
        .filter(a -> a.action() == LifetimeAction.Action.NOTIFY)
        .filter(a -> a.trigger() == LifetimeAction.Trigger.TIME_BEFORE_EXPIRY)
        .map(LifetimeAction::triggerAfter)
        .max(Duration::compareTo);
  }

  /** The rotate actions. */
  public List<LifetimeAction> rotateActions() {
    return lifetimeActions.stream()
        .filter(a -> a.action() == LifetimeAction.Action.ROTATE)
        .toList();
  }
}
