package io.keygate.vault.internal.barrier;

import io.keygate.secrets.SecretValue;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Stretches a passphrase into an AES-256 master key with PBKDF2-HMAC-SHA256 (the JDK's; no scrypt
 * or Argon2 without another dependency). The salt and iteration count are stored with the data, so
 * the same passphrase gives the same key for the same vault.
 */
public final class PassphraseKdf {
  public static final String SALT_META_KEY = "kdf_salt";
  public static final String ITERATIONS_META_KEY = "kdf_iterations";

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int ITERATIONS = 600_000;

  public static final int MIN_LENGTH = 12;

  private PassphraseKdf() {}

  public static byte[] newSalt() {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return salt;
  }

  /** The derived key; the caller wipes it (MasterKey.fromRawKey does). */
  public static byte[] derive(SecretValue passphrase, byte[] salt, int iterations)
      throws GeneralSecurityException {
    char[] chars = passphrase.reveal().toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }
}
