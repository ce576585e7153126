package io.keygate.vault.internal;

import io.keygate.secrets.SecretEvent;
import io.keygate.vault.DeletedSecret;
import io.keygate.vault.Page;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.VaultException.NotFound;
import io.keygate.vault.internal.store.CurrentVersion;
import io.keygate.vault.internal.store.SecretRow;
import io.keygate.vault.internal.store.VersionRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Soft delete, recovery and purge, including the sweep of deletions past their retention. */
final class DeletionOperations {
  private static final int SWEEP_BATCH = 100;
  private final VaultContext context;

  DeletionOperations(VaultContext context) {
    this.context = context;
  }

  DeletedSecret delete(String vault, String name) {
    Validation.vaultName(vault);
    Validation.secretName(name);
    long now = context.now().getEpochSecond();
    long purgeAt = now + Duration.ofDays(context.options.retentionDays()).toSeconds();
    DeletedSecret deleted =
        context.write(
            connection -> {
              SecretRow secret = context.liveSecret(connection, vault, name);
              context.secrets.setDeleted(connection, vault, secret.name(), now, purgeAt);
              VersionRow current =
                  context.version(connection, vault, secret.name(), secret.currentVersion());
              return deletedSecret(current, now, purgeAt);
            });
    context.publish(SecretEvent.Type.DELETED, vault, deleted.properties().name(), "");
    return deleted;
  }

  DeletedSecret get(String vault, String name) {
    Validation.vaultName(vault);
    Validation.secretName(name);
    return context.read(
        connection -> {
          SecretRow secret = deletedSecret(connection, vault, name);
          VersionRow current =
              context.version(connection, vault, secret.name(), secret.currentVersion());
          return deletedSecret(current, secret.deletedAt(), secret.purgeAt());
        });
  }

  Page<DeletedSecret> list(String vault, int maxResults, Optional<String> continuation) {
    Validation.vaultName(vault);
    Validation.maxResults(maxResults);
    String listing = "deletedsecrets/" + vault;
    String after = PageTokens.decode(listing, continuation, "");
    List<CurrentVersion> rows =
        context.read(
            connection -> {
              context.requireVault(connection, vault);
              return context.secrets.list(connection, vault, true, after, maxResults + 1);
            });
    return PageTokens.page(
        listing,
        rows,
        maxResults,
        row -> deletedSecret(row.version(), row.secret().deletedAt(), row.secret().purgeAt()),
        row -> row.secret().name());
  }

  SecretProperties recover(String vault, String name) {
    Validation.vaultName(vault);
    Validation.secretName(name);
    VersionRow current =
        context.write(
            connection -> {
              SecretRow secret = deletedSecret(connection, vault, name);
              context.secrets.setDeleted(connection, vault, secret.name(), null, null);
              return context.version(connection, vault, secret.name(), secret.currentVersion());
            });
    context.publish(SecretEvent.Type.RECOVERED, vault, current.name(), "");
    return context.properties(current);
  }

  void purge(String vault, String name) {
    Validation.vaultName(vault);
    Validation.secretName(name);
    String purged =
        context.write(
            connection -> {
              SecretRow secret = deletedSecret(connection, vault, name);
              remove(connection, vault, secret.name());
              return secret.name();
            });
    context.publish(SecretEvent.Type.PURGED, vault, purged, "");
  }

  int purgeExpired(Instant now) {
    long nowSeconds = now.getEpochSecond();
    int purged = 0;
    while (true) {
      List<SecretRow> due =
          context.read(
              connection -> context.secrets.purgeable(connection, nowSeconds, SWEEP_BATCH));
      for (SecretRow secret : due) {
        boolean removed =
            context.write(
                connection -> {
                  Optional<SecretRow> current =
                      context.secrets.find(connection, secret.vault(), secret.name());
                  // Recovered (or purged) since it was listed: leave it alone.
                  if (current.isEmpty()
                      || current.get().purgeAt() == null
                      || current.get().purgeAt() > nowSeconds) {
                    return false;
                  }
                  remove(connection, secret.vault(), secret.name());
                  return true;
                });
        if (removed) {
          purged++;
          context.publish(SecretEvent.Type.PURGED, secret.vault(), secret.name(), "");
        }
      }
      if (due.size() < SWEEP_BATCH) {
        return purged;
      }
    }
  }

  private void remove(Connection connection, String vault, String name) throws SQLException {
    context.versions.deleteAll(connection, vault, name);
    context.secrets.delete(connection, vault, name);
  }

  private SecretRow deletedSecret(Connection connection, String vault, String name)
      throws SQLException {
    context.requireVault(connection, vault);
    Optional<SecretRow> secret = context.secrets.find(connection, vault, name);
    if (secret.isEmpty() || !secret.get().deleted()) {
      throw new NotFound(
          NotFound.SECRET_NOT_FOUND, "deleted secret " + vault + "/" + name + " not found");
    }
    return secret.get();
  }

  private DeletedSecret deletedSecret(VersionRow current, long deletedAt, long purgeAt) {
    return new DeletedSecret(
        context.properties(current),
        Instant.ofEpochSecond(deletedAt),
        Instant.ofEpochSecond(purgeAt),
        current.vault() + "/deletedsecrets/" + current.name());
  }
}
