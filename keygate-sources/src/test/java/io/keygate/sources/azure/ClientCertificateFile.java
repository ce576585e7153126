package io.keygate.sources.azure;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An app's client certificate as an operator makes one for Entra ID: RSA 2048, self-signed; the
 * certificate alone in PEM (to register) and the private key with it in one PEM file (what
 * azure-identity's ClientCertificateCredential reads).
 */
record ClientCertificateFile(String certificatePem, Path keyAndCertificate) {

  static ClientCertificateFile create(Path dir, String name) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, new SecureRandom());
    KeyPair pair = generator.generateKeyPair();
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=" + name);
    X509CertificateHolder certificate =
        new JcaX509v3CertificateBuilder(
                subject,
                new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))),
                subject,
                pair.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
    String certificatePem = pem(certificate);
    Path file = dir.resolve(name + ".pem");
    Files.writeString(
        file, pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()) + certificatePem);
    return new ClientCertificateFile(certificatePem, file);
  }

  private static String pem(Object object) throws Exception {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
