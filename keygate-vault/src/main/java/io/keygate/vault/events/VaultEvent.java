package io.keygate.vault.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the vault's event log, named after Azure Event Grid's Key Vault events. Carries
 * names, versions and validity dates, never a value.
 *
 * @param sequence position in the log (increasing; the SSE stream's event id)
 * @param id unique id (a UUID)
 * @param type {@code SecretNewVersionCreated}, {@code SecretNearExpiry}, {@code SecretExpired},
 *     {@code SecretRotationFailed}, or Keygate's {@code SecretRotating}, {@code SecretDisabled},
 *     {@code SecretDeleted}
 * @param vault the vault
 * @param name the secret
 * @param version the version concerned (empty when the event concerns the whole secret)
 * @param time when it happened
 * @param notBefore the version's nbf
 * @param expires the version's exp
 */
public record VaultEvent(
    long sequence,
    String id,
    String type,
    String vault,
    String name,
    String version,
    Instant time,
    Optional<Instant> notBefore,
    Optional<Instant> expires) {
  public static final String NEW_VERSION_CREATED = "SecretNewVersionCreated";
  public static final String NEAR_EXPIRY = "SecretNearExpiry";
  public static final String EXPIRED = "SecretExpired";
  public static final String ROTATION_FAILED = "SecretRotationFailed";
  public static final String ROTATING = "SecretRotating";
  public static final String DISABLED = "SecretDisabled";
  public static final String DELETED = "SecretDeleted";

  public VaultEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expires, "expires");
  }
}
