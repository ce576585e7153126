package io.keygate.gateway.it;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA issuing EC P-256 server and client certificates as PEM, for TLS tests. */
final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate (PEM) and its private key (PKCS#8 PEM). */
  record Issued(String certificatePem, String keyPem) {
    /** Certificate and key in one PEM text, as a {@code clientCertificate} secret holds them. */
    String bundle() {
      return certificatePem + keyPem;
    }
  }

  private final KeyPair caKeys;
  private final X500Name caName;
  final String caPem;

  TestPki(String name) throws Exception {
    caKeys = keys();
    caName = new X500Name("CN=" + name);
    caPem = pem(sign(caName, caKeys, true, null));
  }

  /** A server certificate for 127.0.0.1. */
  Issued server() throws Exception {
    KeyPair keys = keys();
    GeneralNames san = new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    return new Issued(pem(sign(new X500Name("CN=127.0.0.1"), keys, false, san)), keyPem(keys));
  }

  /** A client certificate with subject {@code CN=cn}. */
  Issued client(String cn) throws Exception {
    KeyPair keys = keys();
    return new Issued(pem(sign(new X500Name("CN=" + cn), keys, false, null)), keyPem(keys));
  }

  private X509CertificateHolder sign(X500Name subject, KeyPair keys, boolean ca, GeneralNames san)
      throws Exception {
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            caName,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (san != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, san);
    }
    return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String pem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static String keyPem(KeyPair keys) throws Exception {
    return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
  }
}
