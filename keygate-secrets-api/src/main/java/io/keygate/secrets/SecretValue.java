package io.keygate.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A secret value. It never shows itself: {@link #toString()} is {@code [redacted]}, it is not a
 * {@link CharSequence}, and two values compare in constant time. Call {@link #reveal()} only at the
 * point where the value leaves the process for its rightful recipient.
 */
public final class SecretValue {
  private static final String REDACTED = "[redacted]";
  private final byte[] bytes;

  private SecretValue(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A value from UTF-8 text. */
  public static SecretValue of(String text) {
    return new SecretValue(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A value from bytes; the array is copied. */
  public static SecretValue ofBytes(byte[] bytes) {
    return new SecretValue(bytes.clone());
  }

  /** The value as UTF-8 text. */
  public String reveal() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A copy of the value's bytes; the caller should wipe it when done. */
  public byte[] revealBytes() {
    return bytes.clone();
  }

  /** Length in bytes. */
  public int length() {
    return bytes.length;
  }

  /** Overwrites the value in memory; the object is unusable afterwards. */
  public void wipe() {
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretValue that && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.length;
  }

  @Override
  public String toString() {
    return REDACTED;
  }
}
