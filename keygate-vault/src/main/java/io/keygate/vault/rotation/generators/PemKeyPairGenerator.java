package io.keygate.vault.rotation.generators;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.rotation.Generator;
import io.keygate.vault.rotation.GeneratorSpec;
import io.keygate.vault.rotation.IsoDurations;
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
 * P-521) key pair; the value is the PKCS#8 private key PEM followed by the public key PEM, or, with
 * {@code selfSignedCertificate: true}, by a self-signed certificate ({@code subject}, default
 * {@code CN=<secret name>}; {@code certificateValidity}, default {@code P90D}) for upstream mTLS.
 */
public final class PemKeyPairGenerator implements Generator {
  private static final Map<String, String> CURVES =
      Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
  private final String algorithm;
  private final int size;
  private final String curve;
  private final boolean selfSigned;
  private final String subject;
  private final java.time.Duration validity;

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
    this.selfSigned = spec.flag("selfSignedCertificate", false);
    this.subject = spec.string("subject", "");
    this.validity =
        IsoDurations.parse(
            "generator keypair: certificateValidity", spec.string("certificateValidity", "P90D"));
    if (!selfSigned
        && (spec.parameters().containsKey("subject")
            || spec.parameters().containsKey("certificateValidity"))) {
      throw new BadParameter(
          "generator keypair: subject and certificateValidity need selfSignedCertificate: true");
    }
    if (selfSigned && !subject.isEmpty()) {
      try {
        new javax.security.auth.x500.X500Principal(subject);
      } catch (IllegalArgumentException e) {
        throw new BadParameter(
            "generator keypair: subject \""
                + subject
                + "\" is not an X.500 name such as CN=payments-client");
      }
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
        if (selfSigned) {
          String name = subject.isEmpty() ? "CN=" + context.name() : subject;
          byte[] certificate =
              SelfSignedCertificates.sign(pair, name, context.now(), validity).getEncoded();
          return SecretValue.of(pem("PRIVATE KEY", pkcs8) + pem("CERTIFICATE", certificate));
        }
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
