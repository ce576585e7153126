package io.keygate.vault.server.identity;

import io.keygate.secrets.SecretValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client secrets: generated here (32 random bytes, 256 bits, base64url after a {@code kgs_} prefix
 * that secret scanners can match), stored only as HMAC-SHA256 under the identity key, compared in
 * constant time.
 */
final class ClientSecrets {
  static final String PREFIX = "kgs_";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] key;

  ClientSecrets(IdentityKeys keys) {
    this.key = keys.secretHashKey();
  }

  /** A new secret; shown once to whoever asked for it, never stored as it is. */
  static SecretValue generate() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return SecretValue.of(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
  }

  /** What people may see of a secret: its first three characters after the prefix. */
  static String hint(SecretValue secret) {
    String text = secret.reveal();
    return text.substring(0, Math.min(text.length(), PREFIX.length() + 3));
  }

  /** The stored form: base64 of HMAC-SHA256(identity key, secret). */
  String hash(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** Whether {@code presented} hashes to {@code stored}, in time independent of the contents. */
  boolean matches(String presented, String stored) {
    return MessageDigest.isEqual(
        hash(presented).getBytes(StandardCharsets.US_ASCII),
        stored.getBytes(StandardCharsets.US_ASCII));
  }
}
