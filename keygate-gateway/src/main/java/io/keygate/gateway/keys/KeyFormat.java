package io.keygate.gateway.keys;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The shape of an API key: {@code kg_<id>_<secret>}. The id is public and names the stored record
 * (so verification is one lookup); the secret is 32 random bytes in unpadded base64url.
 */
final class KeyFormat {
  static final String PREFIX = "kg_";
  static final int ID_LENGTH = 16;
  private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private static final int SECRET_BYTES = 32;
  private static final int SECRET_CHARS = 43;
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyFormat() {}

  static String newId() {
    char[] id = new char[ID_LENGTH];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
    }
    return new String(id);
  }

  static String newKey(String id) {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** The id inside a presented key, or null when the text does not have the key's shape. */
  static String idOf(String presented) {
    if (presented == null
        || presented.length() != PREFIX.length() + ID_LENGTH + 1 + SECRET_CHARS
        || !presented.startsWith(PREFIX)
        || presented.charAt(PREFIX.length() + ID_LENGTH) != '_') {
      return null;
    }
    return presented.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
  }
}
