package io.keygate.vault.internal.barrier;

import io.keygate.vault.MasterKeySource;
import io.keygate.vault.VaultOpenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link MasterKeySource} into a {@link MasterKey}. Messages name the source, never key
 * material.
 */
public final class MasterKeyLoader {
  private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);

  private MasterKeyLoader() {}

  /**
   * Loads the key. A missing key file is created only for a new vault; a passphrase's salt comes
   * from {@code meta}, or is generated for a new vault and put into {@code newMeta} to be stored.
   */
  public static MasterKey load(
      MasterKeySource source,
      Map<String, String> meta,
      boolean newVault,
      Map<String, String> newMeta) {
    try {
      return switch (source) {
        case MasterKeySource.KeyFile file -> fromFile(file, newVault);
        case MasterKeySource.KeyMaterial material -> fromMaterial(material);
        case MasterKeySource.Passphrase passphrase -> fromPassphrase(passphrase, meta, newMeta);
      };
    } catch (GeneralSecurityException e) {
      throw new VaultOpenException("master key could not be loaded from " + describe(source), e);
    }
  }

  public static String describe(MasterKeySource source) {
    return switch (source) {
      case MasterKeySource.KeyFile file -> "key file " + file.path();
      case MasterKeySource.KeyMaterial material -> material.origin();
      case MasterKeySource.Passphrase passphrase -> "passphrase";
    };
  }

  private static MasterKey fromFile(MasterKeySource.KeyFile file, boolean newVault)
      throws GeneralSecurityException {
    try {
      if (Files.exists(file.path())) {
        warnIfOthersCanRead(file);
        try {
          return MasterKey.fromJson(KeyFiles.read(file.path()));
        } catch (GeneralSecurityException | RuntimeException e) {
          throw new VaultOpenException(
              "master key file " + file.path() + " is not a valid Tink AEAD keyset (JSON)", null);
        }
      }
      if (!newVault) {
        throw new VaultOpenException(
            "master key file "
                + file.path()
                + " does not exist, but this vault already holds data sealed with a master key;"
                + " restore the key file, or give the vault's key via "
                + MasterKeySource.ENVIRONMENT_VARIABLE
                + " or its passphrase");
      }
      MasterKey key = MasterKey.generate();
      KeyFiles.write(file.path(), key.toJson());
      log.warn(
          "Created development key file {} (mode 0600) for the vault's master key: keep it safe,"
              + " and use {} or a passphrase in production",
          file.path(),
          MasterKeySource.ENVIRONMENT_VARIABLE);
      return key;
    } catch (IOException e) {
      throw new VaultOpenException(
          "master key file " + file.path() + " cannot be read or written", e);
    }
  }

  private static void warnIfOthersCanRead(MasterKeySource.KeyFile file) throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file.path());
    if (permissions.contains(PosixFilePermission.GROUP_READ)
        || permissions.contains(PosixFilePermission.OTHERS_READ)) {
      log.warn(
          "Master key file {} is readable by other users ({}); restrict it with chmod 600",
          file.path(),
          PosixFilePermissions.toString(permissions));
    }
  }

  private static MasterKey fromMaterial(MasterKeySource.KeyMaterial material) {
    String text = material.material().reveal().strip();
    try {
      if (text.startsWith("{")) {
        return MasterKey.fromJson(text);
      }
      return MasterKey.fromRawKey(
          Base64.getDecoder().decode(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new VaultOpenException(
          "master key from "
              + material.origin()
              + " is neither a Tink AEAD keyset (JSON) nor the base64 of 32 random bytes",
          null);
    }
  }

  private static MasterKey fromPassphrase(
      MasterKeySource.Passphrase passphrase, Map<String, String> meta, Map<String, String> newMeta)
      throws GeneralSecurityException {
    if (passphrase.passphrase().length() < PassphraseKdf.MIN_LENGTH) {
      throw new VaultOpenException(
          "the master key passphrase must have at least "
              + PassphraseKdf.MIN_LENGTH
              + " characters");
    }
    String storedSalt = meta.get(PassphraseKdf.SALT_META_KEY);
    byte[] salt;
    int iterations;
    if (storedSalt == null) {
      salt = PassphraseKdf.newSalt();
      iterations = PassphraseKdf.ITERATIONS;
      newMeta.put(PassphraseKdf.SALT_META_KEY, Base64.getEncoder().encodeToString(salt));
      newMeta.put(PassphraseKdf.ITERATIONS_META_KEY, Integer.toString(iterations));
    } else {
      salt = Base64.getDecoder().decode(storedSalt);
      iterations =
          Integer.parseInt(
              meta.getOrDefault(
                  PassphraseKdf.ITERATIONS_META_KEY, Integer.toString(PassphraseKdf.ITERATIONS)));
    }
    return MasterKey.fromRawKey(PassphraseKdf.derive(passphrase.passphrase(), salt, iterations));
  }
}
