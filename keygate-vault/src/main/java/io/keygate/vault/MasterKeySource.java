package io.keygate.vault;

import io.keygate.secrets.SecretValue;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the master key comes from. The master key wraps every data key; the vault refuses to open
 * when it does not match the data (its key check fails).
 *
 * <ul>
 *   <li>{@link KeyFile}: a Tink keyset in JSON; created with mode 0600 on first start (development
 *       use: the key lies next to the data).
 *   <li>{@link KeyMaterial}: a Tink keyset in JSON, or the base64 of 32 random bytes (an AES-256
 *       key), typically from the {@code KEYGATE_MASTER_KEY} environment variable.
 *   <li>{@link Passphrase}: a key derived with PBKDF2-HMAC-SHA256 (600,000 iterations, a random
 *       salt stored with the data).
 * </ul>
 */
public sealed interface MasterKeySource {

  /** The environment variable that {@link #defaultFor(Path)} and {@link #environment()} read. */
  String ENVIRONMENT_VARIABLE = "KEYGATE_MASTER_KEY";

  /** A Tink keyset JSON file, created (mode 0600) if it does not exist and the vault is new. */
  record KeyFile(Path path) implements MasterKeySource {
    public KeyFile {
      Objects.requireNonNull(path, "path");
    }
  }

  /** Key material given directly: a Tink keyset JSON or base64 of a 32-byte AES key. */
  record KeyMaterial(SecretValue material, String origin) implements MasterKeySource {
    public KeyMaterial {
      Objects.requireNonNull(material, "material");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** A passphrase, stretched with PBKDF2-HMAC-SHA256 and a salt stored with the data. */
  record Passphrase(SecretValue passphrase) implements MasterKeySource {
    public Passphrase {
      Objects.requireNonNull(passphrase, "passphrase");
    }
  }

  static MasterKeySource keyFile(Path path) {
    return new KeyFile(path);
  }

  static MasterKeySource keyMaterial(SecretValue material) {
    return new KeyMaterial(material, "key material");
  }

  static MasterKeySource passphrase(SecretValue passphrase) {
    return new Passphrase(passphrase);
  }

  /**
   * The key in {@code KEYGATE_MASTER_KEY}.
   *
   * @throws IllegalStateException if the variable is not set
   */
  static MasterKeySource environment() {
    String value = System.getenv(ENVIRONMENT_VARIABLE);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(ENVIRONMENT_VARIABLE + " is not set");
    }
    return new KeyMaterial(
        SecretValue.of(value.strip()), "environment variable " + ENVIRONMENT_VARIABLE);
  }

  /**
   * {@code KEYGATE_MASTER_KEY} if it is set, else the development key file {@code
   * <dataDirectory>/master-key.json}.
   */
  static MasterKeySource defaultFor(Path dataDirectory) {
    String value = System.getenv(ENVIRONMENT_VARIABLE);
    if (value != null && !value.isBlank()) {
      return environment();
    }
    return new KeyFile(dataDirectory.resolve("master-key.json"));
  }
}
