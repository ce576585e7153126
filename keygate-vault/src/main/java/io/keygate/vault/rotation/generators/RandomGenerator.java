package io.keygate.vault.rotation.generators;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.rotation.Generator;
import io.keygate.vault.rotation.GeneratorSpec;
import io.keygate.vault.rotation.RotationContext;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@code random}: {@code prefix} + either {@code length} characters drawn uniformly from {@code
 * alphabet} (default letters and digits), or {@code bytes} random bytes as unpadded base64url.
 */
public final class RandomGenerator implements Generator {
  static final String LETTERS_AND_DIGITS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final String prefix;
  private final String alphabet;
  private final int length;
  private final int bytes;

  RandomGenerator(GeneratorSpec spec) {
    this.prefix = spec.string("prefix", "");
    boolean hasBytes = spec.parameters().containsKey("bytes");
    if (hasBytes
        && (spec.parameters().containsKey("alphabet") || spec.parameters().containsKey("length"))) {
      throw new BadParameter("generator random: give either bytes, or length and alphabet");
    }
    this.bytes = hasBytes ? spec.integer("bytes", 32) : 0;
    this.length = hasBytes ? 0 : spec.integer("length", 32);
    this.alphabet = spec.string("alphabet", LETTERS_AND_DIGITS);
    Generators.range("random", "prefix length", prefix.length(), 0, 64);
    if (hasBytes) {
      Generators.range("random", "bytes", bytes, 16, 4096);
    } else {
      Generators.range("random", "length", length, 8, 4096);
      if (alphabet.chars().distinct().count() < 2) {
        throw new BadParameter("generator random: alphabet needs at least 2 distinct characters");
      }
      double bits = length * (Math.log(alphabet.chars().distinct().count()) / Math.log(2));
      if (bits < 64) {
        throw new BadParameter(
            "generator random: length "
                + length
                + " over this alphabet gives "
                + (int) bits
                + " bits of entropy; at least 64 are needed");
      }
    }
  }

  @Override
  public SecretValue generate(RotationContext context) {
    return SecretValue.of(prefix + (bytes > 0 ? base64url(bytes) : draw(alphabet, length)));
  }

  static String draw(String alphabet, int length) {
    int[] symbols = alphabet.codePoints().distinct().toArray();
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.appendCodePoint(symbols[RANDOM.nextInt(symbols.length)]);
    }
    return out.toString();
  }

  static String base64url(int count) {
    byte[] raw = new byte[count];
    RANDOM.nextBytes(raw);
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
  }
}
