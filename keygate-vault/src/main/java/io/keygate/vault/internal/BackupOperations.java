package io.keygate.vault.internal;

import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.VaultException.Conflict;
import io.keygate.vault.internal.backup.BackupFormat;
import io.keygate.vault.internal.barrier.SealedValue;
import io.keygate.vault.internal.barrier.SecretAddress;
import io.keygate.vault.internal.store.SecretRow;
import io.keygate.vault.internal.store.VersionRow;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Backup of one secret (all versions) to an opaque blob, and restore from it. */
final class BackupOperations {
  private static final int BATCH = 500;
  private final VaultContext context;
  private final SecretOperations secrets;

  BackupOperations(VaultContext context, SecretOperations secrets) {
    this.context = context;
    this.secrets = secrets;
  }

  byte[] backup(String vault, String name) {
    Validation.vaultName(vault);
    Validation.secretName(name);
    return context.barrier.withStableMasterKey(() -> backupUnderOneKey(vault, name));
  }

  SecretProperties restore(String vault, byte[] blob) {
    Validation.vaultName(vault);
    if (blob == null || blob.length == 0) {
      throw new BadParameter("backup blob is empty");
    }
    return context.barrier.withStableMasterKey(() -> restoreUnderOneKey(vault, blob));
  }

  private byte[] backupUnderOneKey(String vault, String name) {
    record Snapshot(SecretRow secret, List<VersionRow> versions) {}
    Snapshot snapshot =
        context.read(
            connection -> {
              SecretRow secret = context.liveSecret(connection, vault, name);
              List<VersionRow> all = new ArrayList<>();
              long after = 0;
              while (true) {
                List<VersionRow> page =
                    context.versions.list(connection, vault, secret.name(), after, BATCH);
                all.addAll(page);
                if (page.size() < BATCH) {
                  return new Snapshot(secret, all);
                }
                after = page.getLast().seq();
              }
            });
    List<BackupFormat.Entry> entries = new ArrayList<>();
    try {
      for (VersionRow row : snapshot.versions()) {
        // A destroyed version has no value left to back up: it is restored as an empty one.
        SecretValue value =
            row.ciphertext().length == 0 ? SecretValue.ofBytes(new byte[0]) : secrets.open(row);
        entries.add(new BackupFormat.Entry(row, value.revealBytes()));
        value.wipe();
      }
      return BackupFormat.write(
          context.barrier,
          new BackupFormat.Contents(
              snapshot.secret().name(), snapshot.secret().currentVersion(), entries));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing the backup of " + vault + "/" + name + " failed", e);
    } finally {
      entries.forEach(entry -> Arrays.fill(entry.value(), (byte) 0));
    }
  }

  private SecretProperties restoreUnderOneKey(String vault, byte[] blob) {
    BackupFormat.Contents contents = BackupFormat.read(context.barrier, blob);
    try {
      String name = contents.name();
      validate(contents);
      List<VersionRow> rows = new ArrayList<>();
      for (BackupFormat.Entry entry : contents.versions()) {
        VersionRow a = entry.attributes();
        SealedValue sealed =
            secrets.seal(
                new SecretAddress(vault, name, a.version()), a, SecretValue.ofBytes(entry.value()));
        rows.add(
            new VersionRow(
                vault,
                name,
                a.version(),
                a.seq(),
                a.enabled(),
                a.notBefore(),
                a.expires(),
                a.created(),
                a.updated(),
                a.contentType(),
                a.tags(),
                sealed.wrappedKey(),
                sealed.ciphertext()));
      }
      long lastSeq = rows.stream().mapToLong(VersionRow::seq).max().orElse(1);
      VersionRow current =
          context.write(
              connection -> {
                context.requireVault(connection, vault);
                Optional<SecretRow> existing = context.secrets.find(connection, vault, name);
                if (existing.isPresent() && existing.get().deleted()) {
                  throw SecretOperations.deletedButRecoverable(vault, name);
                }
                if (existing.isPresent()) {
                  throw new Conflict(
                      Conflict.CONFLICT,
                      "secret "
                          + vault
                          + "/"
                          + name
                          + " already exists; restore needs a free name");
                }
                context.secrets.insert(
                    connection,
                    new SecretRow(vault, name, contents.currentVersion(), lastSeq, null, null));
                for (VersionRow row : rows) {
                  context.versions.insert(connection, row);
                }
                return context.version(connection, vault, name, contents.currentVersion());
              });
      context.publish(SecretEvent.Type.NEW_VERSION, vault, name, current.version());
      return context.properties(current);
    } finally {
      contents.versions().forEach(entry -> Arrays.fill(entry.value(), (byte) 0));
    }
  }

  private void validate(BackupFormat.Contents contents) {
    try {
      Validation.secretName(contents.name());
      Validation.version(contents.currentVersion());
      boolean hasCurrent = false;
      for (BackupFormat.Entry entry : contents.versions()) {
        Validation.version(entry.attributes().version());
        Validation.tags(entry.attributes().tags());
        hasCurrent |= entry.attributes().version().equals(contents.currentVersion());
      }
      if (!hasCurrent) {
        throw new BadParameter("current version missing");
      }
    } catch (BadParameter e) {
      throw new BadParameter("backup blob is malformed: " + e.getMessage());
    }
  }
}
