package io.keygate.vault.rotation.generators;

import io.keygate.secrets.SecretValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 signature on Keygate's outgoing webhooks: {@code X-Keygate-Signature:
 * sha256=<hex>} over {@code <timestamp>.<body>}, with the Unix-seconds timestamp in {@code
 * X-Keygate-Timestamp} so a receiver can refuse replays.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-Keygate-Signature";
  public static final String TIMESTAMP_HEADER = "X-Keygate-Timestamp";

  private WebhookSignature() {}

  /** The header value for {@code body} sent at {@code timestamp}. */
  public static String sign(SecretValue key, long timestamp, byte[] body) {
    byte[] keyBytes = key.revealBytes();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable");
    } finally {
      java.util.Arrays.fill(keyBytes, (byte) 0);
    }
  }

  /** Checks a received signature in constant time. */
  public static boolean verify(SecretValue key, long timestamp, byte[] body, String header) {
    byte[] expected = sign(key, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = header == null ? new byte[0] : header.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }
}
