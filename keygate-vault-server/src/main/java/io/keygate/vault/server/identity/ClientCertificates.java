package io.keygate.vault.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.vault.server.ApiError;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;

/**
 * Client certificates: parsed from PEM when registered, matched to a client assertion by the
 * thumbprint in its header ({@code x5t}: SHA-1, or {@code x5t#S256}: SHA-256, as MSAL sends them),
 * and used to check the assertion's signature (RS256/PS256 for RSA keys, ES256 for P-256).
 */
final class ClientCertificates {
  private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256);

  private ClientCertificates() {}

  /**
   * The one certificate in {@code pem}.
   *
   * @throws ApiError 400 {@code BadParameter} when it is not exactly one X.509 certificate
   */
  static X509Certificate parse(String pem) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Collection<? extends java.security.cert.Certificate> certificates =
          factory.generateCertificates(
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.size() != 1) {
        throw ApiError.badParameter(
            "field 'certificate' must hold exactly one PEM certificate, found "
                + certificates.size());
      }
      X509Certificate certificate = (X509Certificate) certificates.iterator().next();
      if (!(certificate.getPublicKey() instanceof RSAPublicKey)
          && !(certificate.getPublicKey() instanceof ECPublicKey)) {
        throw ApiError.badParameter("the certificate's key must be RSA or EC P-256");
      }
      return certificate;
    } catch (CertificateException | RuntimeException e) {
      if (e instanceof ApiError api) {
        throw api;
      }
      throw ApiError.badParameter("field 'certificate' is not a PEM X.509 certificate");
    }
  }

  /** The SHA-256 thumbprint in hex, as listings show it. */
  static String sha256Hex(X509Certificate certificate) {
    return HexFormat.of().formatHex(digest("SHA-256", certificate));
  }

  /** Whether the assertion's header names this certificate (or names none at all). */
  static boolean named(SignedJWT assertion, X509Certificate certificate) {
    Base64URL sha1 = assertion.getHeader().getX509CertThumbprint();
    Base64URL sha256 = assertion.getHeader().getX509CertSHA256Thumbprint();
    if (sha1 == null && sha256 == null) {
      return true;
    }
    return (sha1 != null && MessageDigest.isEqual(sha1.decode(), digest("SHA-1", certificate)))
        || (sha256 != null
            && MessageDigest.isEqual(sha256.decode(), digest("SHA-256", certificate)));
  }

  /** Whether the assertion is signed by the certificate's key. */
  static boolean signedBy(SignedJWT assertion, X509Certificate certificate) {
    JWSAlgorithm algorithm = assertion.getHeader().getAlgorithm();
    try {
      JWSVerifier verifier;
      if (certificate.getPublicKey() instanceof RSAPublicKey rsa && RSA.contains(algorithm)) {
        verifier = new RSASSAVerifier(rsa);
      } else if (certificate.getPublicKey() instanceof ECPublicKey ec
          && JWSAlgorithm.ES256.equals(algorithm)) {
        verifier = new ECDSAVerifier(ec);
      } else {
        return false;
      }
      return assertion.verify(verifier);
    } catch (JOSEException e) {
      return false;
    }
  }

  private static byte[] digest(String algorithm, X509Certificate certificate) {
    try {
      return MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is unavailable", e);
    }
  }
}
