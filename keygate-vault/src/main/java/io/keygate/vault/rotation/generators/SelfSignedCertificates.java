package io.keygate.vault.rotation.generators;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signs a certificate for a generated key pair (BouncyCastle; the JDK has no public API). */
final class SelfSignedCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SelfSignedCertificates() {}

  static X509Certificate sign(KeyPair pair, String subject, Instant now, Duration validity) {
    X500Principal name = new X500Principal(subject);
    // Backdated a minute: a peer whose clock is slightly behind still accepts it at once.
    Date notBefore = Date.from(now.minus(Duration.ofMinutes(1)));
    Date notAfter = Date.from(now.plus(validity));
    BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
    String algorithm =
        pair.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      var builder =
          new JcaX509v3CertificateBuilder(name, serial, notBefore, notAfter, name, pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(
          "self-signed certificate generation failed: " + e.getClass().getSimpleName());
    }
  }
}
