package io.keygate.vault.internal;

import io.keygate.vault.MasterKeyRotation;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.VaultOpenException;
import io.keygate.vault.internal.barrier.Barrier;
import io.keygate.vault.internal.barrier.KeyCheck;
import io.keygate.vault.internal.barrier.KeyFiles;
import io.keygate.vault.internal.barrier.MasterKey;
import io.keygate.vault.internal.barrier.MasterKeyLoader;
import io.keygate.vault.internal.barrier.PassphraseKdf;
import io.keygate.vault.internal.barrier.SecretAddress;
import io.keygate.vault.internal.store.VersionRow;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the master key without downtime: the barrier switches to a keyset whose primary is the
 * new key and which still holds the old one, every data key is rewrapped (values are untouched),
 * then the key check is resealed and the old key dropped. Reads and writes continue throughout.
 *
 * <p>An interrupted rotation leaves the vault readable with the old key source (for a key file, the
 * file holds both keys); running the rotation again with the same new key completes it.
 */
final class MasterKeyRotator {
  private static final Logger log = LoggerFactory.getLogger(MasterKeyRotator.class);
  private static final String PENDING_SALT = "rotation_kdf_salt";
  private static final int BATCH = 200;
  private final VaultContext context;
  private MasterKeySource current;

  MasterKeyRotator(VaultContext context, MasterKeySource current) {
    this.context = context;
    this.current = current;
  }

  synchronized MasterKeyRotation rotate(MasterKeySource next) {
    Barrier barrier = context.barrier;
    MasterKey old = barrier.masterKey();
    Map<String, String> meta = context.read(context.meta::readAll);
    Map<String, String> pendingMeta = new HashMap<>();
    boolean sameFile =
        next instanceof MasterKeySource.KeyFile nextFile
            && current instanceof MasterKeySource.KeyFile currentFile
            && nextFile
                .path()
                .toAbsolutePath()
                .normalize()
                .equals(currentFile.path().toAbsolutePath().normalize());
    MasterKey fresh;
    MasterKey merged;
    try {
      if (sameFile) {
        fresh = old.withNewPrimary();
        merged = fresh;
        // Both keys are in the file before any data key moves, so a crash loses nothing.
        KeyFiles.write(((MasterKeySource.KeyFile) next).path(), fresh.toJson());
      } else {
        fresh = loadNext(next, meta, pendingMeta);
        merged = fresh.mergedWith(old);
      }
    } catch (VaultOpenException e) {
      throw new BadParameter(e.getMessage());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "the new master key from " + MasterKeyLoader.describe(next) + " could not be prepared",
          e);
    }
    barrier.useMasterKey(merged);
    log.info("Master key rotation started: rewrapping data keys under the new key");
    int[] counts = rewrapAll(barrier);
    MasterKey finalKey;
    try {
      finalKey = sameFile ? fresh.primaryOnly() : fresh;
      String keyCheck = KeyCheck.create(new Barrier(finalKey));
      context.write(
          connection -> {
            context.meta.put(connection, KeyCheck.META_KEY, keyCheck);
            String salt = pendingMeta.get(PENDING_SALT);
            if (salt != null) {
              context.meta.put(connection, PassphraseKdf.SALT_META_KEY, salt);
              context.meta.put(
                  connection,
                  PassphraseKdf.ITERATIONS_META_KEY,
                  Integer.toString(PassphraseKdf.ITERATIONS));
              context.meta.remove(connection, PENDING_SALT);
            }
            return null;
          });
      barrier.useMasterKey(finalKey);
      if (sameFile) {
        KeyFiles.write(((MasterKeySource.KeyFile) next).path(), finalKey.toJson());
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("completing the master key rotation failed", e);
    }
    current = next;
    log.info(
        "Master key rotation complete: {} data key(s) rewrapped, {} unreadable left as they were",
        counts[0],
        counts[1]);
    return new MasterKeyRotation(counts[0], counts[1]);
  }

  private MasterKey loadNext(
      MasterKeySource next, Map<String, String> meta, Map<String, String> pendingMeta)
      throws GeneralSecurityException {
    if (next instanceof MasterKeySource.Passphrase) {
      // A new salt for the new passphrase, stored before any data key moves so a rerun after a
      // crash derives the same key.
      String salt = meta.get(PENDING_SALT);
      if (salt == null) {
        salt = Base64.getEncoder().encodeToString(PassphraseKdf.newSalt());
        String pending = salt;
        context.write(
            connection -> {
              context.meta.put(connection, PENDING_SALT, pending);
              return null;
            });
      }
      pendingMeta.put(PENDING_SALT, salt);
      return MasterKeyLoader.load(
          next, Map.of(PassphraseKdf.SALT_META_KEY, salt), false, new HashMap<>());
    }
    return MasterKeyLoader.load(next, meta, true, new HashMap<>());
  }

  /** Returns {rewrapped, unreadable}. */
  private int[] rewrapAll(Barrier barrier) {
    int rewrapped = 0;
    int unreadable = 0;
    String vault = "";
    String name = "";
    String version = "";
    while (true) {
      String fromVault = vault;
      String fromName = name;
      String fromVersion = version;
      List<VersionRow> page =
          context.read(
              connection ->
                  context.versions.scan(connection, fromVault, fromName, fromVersion, BATCH));
      List<Map.Entry<VersionRow, byte[]>> updates = new ArrayList<>();
      for (VersionRow row : page) {
        SecretAddress address = new SecretAddress(row.vault(), row.name(), row.version());
        try {
          byte[] attributes = AttributeBinding.of(row);
          updates.add(
              Map.entry(row, barrier.rewrap(address, attributes, attributes, row.wrappedKey())));
        } catch (GeneralSecurityException e) {
          unreadable++;
          log.warn("Data key of {} cannot be unwrapped; left as it was", address);
        }
      }
      rewrapped +=
          context.write(
              connection -> {
                int done = 0;
                for (Map.Entry<VersionRow, byte[]> update : updates) {
                  if (context.versions.replaceWrappedKey(
                      connection, update.getKey(), update.getValue())) {
                    done++;
                  }
                }
                return done;
              });
      if (page.size() < BATCH) {
        return new int[] {rewrapped, unreadable};
      }
      VersionRow last = page.getLast();
      vault = last.vault();
      name = last.name();
      version = last.version();
    }
  }
}
