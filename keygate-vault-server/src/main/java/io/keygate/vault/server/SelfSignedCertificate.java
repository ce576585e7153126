package io.keygate.vault.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The admin listener's self-signed certificate: an ECDSA P-256 key and a certificate valid for
 * {@code 127.0.0.1} and {@code localhost} (plus any extra names given), written as PEM files into a
 * directory on first use and reused afterwards. The private key file is readable by the owner only.
 * Clients pin the certificate file rather than trusting any certificate.
 */
public final class SelfSignedCertificate {
  /** File name of the certificate inside the directory. */
  public static final String CERTIFICATE_FILE = "admin-cert.pem";

  /** File name of the private key inside the directory. */
  public static final String KEY_FILE = "admin-key.pem";

  private static final Duration VALIDITY = Duration.ofDays(5 * 365);

  private SelfSignedCertificate() {}

  /**
   * The certificate and key in {@code dir}, generated first when either file is missing.
   *
   * @param extraNames host names or IP addresses to add to the subject alternative names
   */
  public static TlsFiles loadOrGenerate(Path dir, Collection<String> extraNames) {
    Path cert = dir.resolve(CERTIFICATE_FILE);
    Path key = dir.resolve(KEY_FILE);
    if (Files.exists(cert) && Files.exists(key)) {
      return new TlsFiles(cert, key, false);
    }
    try {
      Files.createDirectories(dir);
      generate(cert, key, extraNames);
      return new TlsFiles(cert, key, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the self-signed certificate into " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate a self-signed certificate", e);
    }
  }

  private static void generate(Path cert, Path key, Collection<String> extraNames)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    KeyPair pair = generator.generateKeyPair();

    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=keygate admin (self-signed)");
    BigInteger serial = new BigInteger(127, new SecureRandom());
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            serial,
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(VALIDITY)),
            subject,
            pair.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName, false, new GeneralNames(altNames(extraNames)));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    X509CertificateHolder holder =
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));

    // The key is written first and the certificate last, so a crash in between leaves no
    // certificate without its key; both are moved into place atomically.
    writeOwnerOnly(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()));
    writeOwnerOnly(cert, pem(holder));
  }

  private static GeneralName[] altNames(Collection<String> extraNames) {
    Set<String> names = new LinkedHashSet<>(List.of("127.0.0.1", "localhost"));
    names.addAll(extraNames);
    List<GeneralName> result = new ArrayList<>();
    for (String name : names) {
      if (name.isBlank() || name.equals("0.0.0.0") || name.equals("::")) {
        continue;
      }
      result.add(
          isIpLiteral(name)
              ? new GeneralName(GeneralName.iPAddress, name)
              : new GeneralName(GeneralName.dNSName, name));
    }
    return result.toArray(GeneralName[]::new);
  }

  private static boolean isIpLiteral(String name) {
    if (!name.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
      return false;
    }
    try {
      InetAddress.getByName(name);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  private static void writeOwnerOnly(Path target, String content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp;
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      temp =
          Files.createTempFile(
              dir,
              ".tmp-",
              ".pem",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      temp = Files.createTempFile(dir, ".tmp-", ".pem");
    }
    Files.writeString(temp, content, StandardCharsets.US_ASCII);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * PEM files for a TLS listener.
   *
   * @param certificate the certificate (chain) file
   * @param privateKey the private key file
   * @param generated whether they were generated by this call
   */
  public record TlsFiles(Path certificate, Path privateKey, boolean generated) {}
}
