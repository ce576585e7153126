package io.keygate.vault.rotation.generators;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.rotation.Generator;
import io.keygate.vault.rotation.GeneratorSpec;
import io.keygate.vault.rotation.RotationContext;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * {@code keypair}: a new RSA ({@code size} 2048, 3072 or 4096) or EC ({@code curve} P-256, P-384 or
 * P-521) key pair; the value is the PKCS#8 private key PEM followed by the public key PEM.
 */
public final class PemKeyPairGenerator implements Generator {
  private static final Map<String, String> CURVES =
      Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
  private final String algorithm;
  private final int size;
  private final String curve;

  PemKeyPairGenerator(GeneratorSpec spec) {
    this.algorithm = spec.string("algorithm", "EC").toUpperCase(Locale.ROOT);
    switch (algorithm) {
      case "RSA" -> {
        this.size = spec.integer("size", 3072);
        this.curve = null;
        if (size != 2048 && size != 3072 && size != 4096) {
          throw new BadParameter("generator keypair: RSA size must be 2048, 3072 or 4096");
        }
      }
      case "EC" -> {
        this.size = 0;
        this.curve = spec.string("curve", "P-256");
        if (!CURVES.containsKey(curve)) {
          throw new BadParameter("generator keypair: EC curve must be P-256, P-384 or P-521");
        }
      }
      default ->
          throw new BadParameter(
              "generator keypair: algorithm \"" + algorithm + "\" is invalid: use RSA or EC");
    }
    if (spec.flag("selfSignedCertificate", false)) {
      throw new BadParameter("generator keypair: selfSignedCertificate is not supported yet");
    }
  }

  @Override
  public SecretValue generate(RotationContext context) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        generator.initialize(new ECGenParameterSpec(CURVES.get(curve)));
      } else {
        generator.initialize(size);
      }
      KeyPair pair = generator.generateKeyPair();
      byte[] pkcs8 = pair.getPrivate().getEncoded();
      try {
        return SecretValue.of(
            pem("PRIVATE KEY", pkcs8) + pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      } finally {
        java.util.Arrays.fill(pkcs8, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "key pair generation failed: " + e.getClass().getSimpleName());
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
