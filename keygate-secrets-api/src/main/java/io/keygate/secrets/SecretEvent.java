package io.keygate.secrets;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a secret, published the moment it is committed. Carries names and
 * versions only, never a value.
 *
 * @param type what happened
 * @param vault the vault (namespace)
 * @param name the secret's name
 * @param version the version concerned, or an empty string when the event concerns all versions
 * @param at when it happened
 */
public record SecretEvent(Type type, String vault, String name, String version, Instant at) {
  public enum Type {
    NEW_VERSION,
    ROTATING,
    /**
     * A rotation announced by {@link #ROTATING} did not complete: the current version is unchanged
     * and stays in use. Whoever waits for the new version should stop waiting; cached values stay
     * valid.
     */
    ROTATION_FAILED,
    UPDATED,
    DISABLED,
    DELETED,
    RECOVERED,
    PURGED,
    NEAR_EXPIRY,
    EXPIRED,
    /**
     * A role assignment changed: who may read what under {@code vault/name} is different now
     * ({@code vault} empty: every vault; {@code name} empty: the whole vault). Caches of access
     * decisions for that scope should be dropped. {@code version} is empty.
     */
    ACCESS_CHANGED,
    /**
     * The source may have missed events (its event stream reconnected past a gap, or the remote
     * told it to reset): every value cached from it must be revalidated. {@code vault}, {@code
     * name} and {@code version} are empty, so the event concerns everything.
     */
    RESYNC
  }

  public SecretEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(at, "at");
  }
}
