package io.keygate.vault.internal.barrier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * A known constant sealed with the master key and stored with the data, so that a wrong master key
 * is detected at start, before anything is read or written.
 */
public final class KeyCheck {
  public static final String META_KEY = "key_check";
  private static final byte[] CONSTANT =
      "keygate master key check v1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ASSOCIATED_DATA =
      "keygate/v1/key-check".getBytes(StandardCharsets.UTF_8);

  private KeyCheck() {}

  /** The check value to store, base64. */
  public static String create(Barrier barrier) throws GeneralSecurityException {
    return Base64.getEncoder().encodeToString(barrier.sealWithMaster(CONSTANT, ASSOCIATED_DATA));
  }

  /** Whether {@code stored} opens with the barrier's master key. */
  public static boolean matches(Barrier barrier, String stored) {
    try {
      byte[] opened = barrier.openWithMaster(Base64.getDecoder().decode(stored), ASSOCIATED_DATA);
      return MessageDigest.isEqual(opened, CONSTANT);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
