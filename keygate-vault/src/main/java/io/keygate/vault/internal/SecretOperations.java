package io.keygate.vault.internal;

import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretBundle;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.UpdateSecretRequest;
import io.keygate.vault.VaultException.Conflict;
import io.keygate.vault.VaultException.Forbidden;
import io.keygate.vault.VaultException.SecretUnreadable;
import io.keygate.vault.internal.barrier.SealedValue;
import io.keygate.vault.internal.barrier.SecretAddress;
import io.keygate.vault.internal.store.SecretRow;
import io.keygate.vault.internal.store.VersionRow;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Set, get, update and list: the life of live secrets and their versions. */
final class SecretOperations {
  private static final Logger log = LoggerFactory.getLogger(SecretOperations.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private final VaultContext context;

  SecretOperations(VaultContext context) {
    this.context = context;
  }

  static String newVersion() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  SecretBundle set(String vault, String name, SetSecretRequest request) {
    Validation.vaultName(vault);
    Validation.secretName(name);
    Validation.valueSize(request.value().length(), context.options.maxValueBytes());
    Validation.validity(request.notBefore(), request.expires());
    Validation.contentType(request.contentType());
    Validation.tags(request.tags());
    String version = newVersion();
    long now = context.now().getEpochSecond();
    VersionRow attributes =
        new VersionRow(
            vault,
            name,
            version,
            0,
            request.enabled(),
            request.notBefore().map(Instant::getEpochSecond).orElse(null),
            request.expires().map(Instant::getEpochSecond).orElse(null),
            now,
            now,
            request.contentType().orElse(null),
            request.tags(),
            new byte[0],
            new byte[0]);
    VersionRow stored =
        context.barrier.withStableMasterKey(
            () ->
                context.write(
                    connection -> insertVersion(connection, attributes, request.value())));
    context.publish(SecretEvent.Type.NEW_VERSION, vault, stored.name(), version);
    return new SecretBundle(context.properties(stored), request.value());
  }

  /**
   * Adds a version under the secret's name as first created (names are case-insensitive), sealed
   * for that name, and makes it current.
   */
  private VersionRow insertVersion(Connection connection, VersionRow attributes, SecretValue value)
      throws SQLException {
    String vault = attributes.vault();
    context.requireVault(connection, vault);
    Optional<SecretRow> existing = context.secrets.find(connection, vault, attributes.name());
    if (existing.isPresent() && existing.get().deleted()) {
      throw deletedButRecoverable(vault, existing.get().name());
    }
    String name = existing.map(SecretRow::name).orElse(attributes.name());
    long seq;
    if (existing.isPresent()) {
      seq =
          context
              .secrets
              .advance(connection, vault, name, attributes.version())
              .orElseThrow(() -> new SQLException("secret changed concurrently", "40001"));
    } else {
      context.secrets.insert(
          connection, new SecretRow(vault, name, attributes.version(), 1, null, null));
      seq = 1;
    }
    SealedValue sealed =
        seal(new SecretAddress(vault, name, attributes.version()), attributes, value);
    VersionRow stored =
        new VersionRow(
            vault,
            name,
            attributes.version(),
            seq,
            attributes.enabled(),
            attributes.notBefore(),
            attributes.expires(),
            attributes.created(),
            attributes.updated(),
            attributes.contentType(),
            attributes.tags(),
            sealed.wrappedKey(),
            sealed.ciphertext());
    context.versions.insert(connection, stored);
    return stored;
  }

  static Conflict deletedButRecoverable(String vault, String name) {
    return new Conflict(
        Conflict.DELETED_BUT_RECOVERABLE,
        "secret "
            + vault
            + "/"
            + name
            + " is deleted but recoverable; recover or purge it before setting it again");
  }

  /** Seals {@code value} for {@code address}, bound to the attributes of {@code attributes}. */
  SealedValue seal(SecretAddress address, VersionRow attributes, SecretValue value) {
    byte[] plaintext = value.revealBytes();
    try {
      return context.barrier.seal(address, AttributeBinding.of(attributes), plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing " + address + " failed", e);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  SecretBundle get(String vault, String name, Optional<String> version) {
    Validation.vaultName(vault);
    Validation.secretName(name);
    version.ifPresent(Validation::version);
    return context.barrier.withStableMasterKey(
        () -> {
          VersionRow row =
              context.read(
                  connection -> {
                    SecretRow secret = context.liveSecret(connection, vault, name);
                    return context.version(
                        connection, vault, secret.name(), version.orElse(secret.currentVersion()));
                  });
          requireServable(row, context.now());
          return new SecretBundle(context.properties(row), open(row));
        });
  }

  SecretValue open(VersionRow row) {
    SecretAddress address = new SecretAddress(row.vault(), row.name(), row.version());
    byte[] plaintext = null;
    try {
      plaintext =
          context.barrier.open(
              address,
              AttributeBinding.of(row),
              new SealedValue(row.wrappedKey(), row.ciphertext()));
      return SecretValue.ofBytes(plaintext);
    } catch (GeneralSecurityException e) {
      log.warn("Stored value for {} failed to decrypt (tampered, moved or wrong key)", address);
      throw new SecretUnreadable(row.vault(), row.name(), row.version());
    } finally {
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  private static void requireServable(VersionRow row, Instant now) {
    String which = "secret " + row.vault() + "/" + row.name() + " version " + row.version();
    if (row.ciphertext().length == 0) {
      throw new Forbidden(Forbidden.DESTROYED, which + " was destroyed");
    }
    if (!row.enabled()) {
      throw new Forbidden(Forbidden.DISABLED, which + " is disabled");
    }
    if (row.notBefore() != null && now.getEpochSecond() < row.notBefore()) {
      throw new Forbidden(
          Forbidden.NOT_YET_VALID,
          which + " is not valid before " + Instant.ofEpochSecond(row.notBefore()));
    }
    if (row.expires() != null && now.getEpochSecond() >= row.expires()) {
      throw new Forbidden(
          Forbidden.EXPIRED, which + " expired at " + Instant.ofEpochSecond(row.expires()));
    }
  }

  /**
   * Clears the sealed value of one version; the row, its attributes and its wrapped data key stay
   * (so attribute changes and master-key rotation keep working), and an empty ciphertext marks it
   * destroyed.
   */
  SecretProperties destroy(String vault, String name, String version) {
    Validation.vaultName(vault);
    Validation.secretName(name);
    Validation.version(version);
    VersionRow destroyed =
        context.write(
            connection -> {
              SecretRow secret = context.liveSecret(connection, vault, name);
              VersionRow row = context.version(connection, vault, secret.name(), version);
              if (row.ciphertext().length > 0) {
                context.versions.clearCiphertext(connection, vault, secret.name(), version);
              }
              return context.version(connection, vault, secret.name(), version);
            });
    context.publish(SecretEvent.Type.DISABLED, vault, destroyed.name(), version);
    return context.properties(destroyed);
  }

  SecretProperties update(
      String vault, String name, Optional<String> version, UpdateSecretRequest request) {
    Validation.vaultName(vault);
    Validation.secretName(name);
    version.ifPresent(Validation::version);
    Validation.contentType(request.contentType());
    request.tags().ifPresent(Validation::tags);
    long now = context.now().getEpochSecond();
    VersionRow[] before = new VersionRow[1];
    VersionRow updated =
        context.barrier.withStableMasterKey(
            () ->
                context.write(
                    connection -> {
                      SecretRow secret = context.liveSecret(connection, vault, name);
                      VersionRow row =
                          context.version(
                              connection,
                              vault,
                              secret.name(),
                              version.orElse(secret.currentVersion()));
                      before[0] = row;
                      VersionRow changed = rebind(row, apply(row, request, now));
                      context.versions.updateAttributes(connection, changed);
                      return changed;
                    }));
    context.publish(SecretEvent.Type.UPDATED, vault, updated.name(), updated.version());
    if (before[0].enabled() && !updated.enabled()) {
      context.publish(SecretEvent.Type.DISABLED, vault, updated.name(), updated.version());
    }
    return context.properties(updated);
  }

  /** The changed row with its data key bound to the new attributes instead of the old ones. */
  private VersionRow rebind(VersionRow row, VersionRow changed) {
    SecretAddress address = new SecretAddress(row.vault(), row.name(), row.version());
    try {
      return changed.withWrappedKey(
          context.barrier.rewrap(
              address, AttributeBinding.of(row), AttributeBinding.of(changed), row.wrappedKey()));
    } catch (GeneralSecurityException e) {
      log.warn("Data key of {} failed to unwrap; its attributes cannot change", address);
      throw new SecretUnreadable(row.vault(), row.name(), row.version());
    }
  }

  private static VersionRow apply(VersionRow row, UpdateSecretRequest request, long now) {
    Long notBefore = request.notBefore().map(Instant::getEpochSecond).orElse(row.notBefore());
    Long expires = request.expires().map(Instant::getEpochSecond).orElse(row.expires());
    Validation.validity(
        Optional.ofNullable(notBefore).map(Instant::ofEpochSecond),
        Optional.ofNullable(expires).map(Instant::ofEpochSecond));
    return row.withAttributes(
        request.enabled().orElse(row.enabled()),
        notBefore,
        expires,
        request.contentType().orElse(row.contentType()),
        request.tags().orElse(row.tags()),
        now);
  }
}
