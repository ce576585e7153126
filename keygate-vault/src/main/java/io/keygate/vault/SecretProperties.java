package io.keygate.vault;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata of one secret version; never a value. Times are whole Unix seconds.
 *
 * @param vault the vault (namespace)
 * @param name the secret's name
 * @param version 32 lowercase hex characters
 * @param enabled whether the version may be served
 * @param notBefore the version is not served before this time
 * @param expires the version is not served from this time on
 * @param created when the version was created
 * @param updated when its attributes last changed
 * @param contentType a free-form hint such as {@code text/plain}
 * @param tags up to 15 name/value pairs
 * @param recoveryLevel Azure's deletion recovery level, e.g. {@code Recoverable+Purgeable}
 * @param recoverableDays how many days a deleted secret stays recoverable
 * @param managed whether the secret backs another object (always false for now)
 * @param destroyed whether this version's value was destroyed ({@link SecretVault#destroyVersion})
 */
public record SecretProperties(
    String vault,
    String name,
    String version,
    boolean enabled,
    Optional<Instant> notBefore,
    Optional<Instant> expires,
    Instant created,
    Instant updated,
    Optional<String> contentType,
    Map<String, String> tags,
    String recoveryLevel,
    int recoverableDays,
    boolean managed,
    boolean destroyed) {
  public SecretProperties {
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(contentType, "contentType");
    tags = Map.copyOf(tags);
    Objects.requireNonNull(recoveryLevel, "recoveryLevel");
  }

  /** A version whose value was not destroyed. */
  public SecretProperties(
      String vault,
      String name,
      String version,
      boolean enabled,
      Optional<Instant> notBefore,
      Optional<Instant> expires,
      Instant created,
      Instant updated,
      Optional<String> contentType,
      Map<String, String> tags,
      String recoveryLevel,
      int recoverableDays,
      boolean managed) {
    this(
        vault,
        name,
        version,
        enabled,
        notBefore,
        expires,
        created,
        updated,
        contentType,
        tags,
        recoveryLevel,
        recoverableDays,
        managed,
        false);
  }

  /** {@code vault/name/version}, as used in messages and identifiers. */
  public String id() {
    return vault + "/" + name + "/" + version;
  }
}
