package io.keygate.sources.local;

import io.keygate.secrets.SecretValue;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Versions for sources that have none (environment, files): a prefix of a keyed hash of the value,
 * so a changed value is a new version. Keyed with a random per-process key because a plain hash of
 * a weak development value, printed in audit and access logs, could be reversed by guessing.
 * Versions therefore differ between processes; they only need to change when the value does.
 */
final class LocalVersions {
  private static final byte[] KEY = randomKey();

  private LocalVersions() {}

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /** 32 lowercase hex characters identifying {@code value} within this process. */
  static String of(SecretValue value) {
    byte[] bytes = value.revealBytes();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(bytes), 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
