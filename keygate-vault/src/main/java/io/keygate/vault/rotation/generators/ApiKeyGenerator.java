package io.keygate.vault.rotation.generators;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.rotation.Generator;
import io.keygate.vault.rotation.GeneratorSpec;
import io.keygate.vault.rotation.RotationContext;
import java.util.regex.Pattern;

/**
 * {@code apikey}: a recognisable prefix (default {@code kg_}) and a body of {@code bytes} (default
 * 32) random bytes in unpadded base64url, in the style of modern API keys that secret scanners can
 * spot by their prefix.
 */
public final class ApiKeyGenerator implements Generator {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private final String prefix;
  private final int bytes;

  ApiKeyGenerator(GeneratorSpec spec) {
    this.prefix = spec.string("prefix", "kg_");
    this.bytes = spec.integer("bytes", 32);
    if (!PREFIX.matcher(prefix).matches()) {
      throw new BadParameter(
          "generator apikey: prefix must be 1 to 32 characters of A-Z, a-z, 0-9, _ and -");
    }
    Generators.range("apikey", "bytes", bytes, 16, 128);
  }

  @Override
  public SecretValue generate(RotationContext context) {
    return SecretValue.of(prefix + RandomGenerator.base64url(bytes));
  }
}
