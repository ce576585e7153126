package io.keygate.check.rules;

import io.keygate.check.CheckContext;
import io.keygate.check.CheckInputs;
import io.keygate.check.Hit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * KG040: a certificate that has expired or expires within the window: the admin and gateway
 * listeners' certificate files ({@code admin.tls}, {@code gateway.tls} in keygate.yaml), an API's
 * {@code upstream.ca} file, and the upstream mTLS client certificates that APIs inject ({@code
 * clientCertificate: ${secret:...}}). Files are read (every certificate of a chain: an expired
 * intermediate breaks TLS just as well); a client certificate is judged from its secret version's
 * metadata only — its {@code expires} attribute and content type — never its value.
 */
final class CertificateExpiring extends BaseRule {
  /** The content type of a PEM bundle (Azure Key Vault's for PEM certificates). */
  static final String PEM = "application/x-pem-file";

  CertificateExpiring() {
    super(
        "KG040",
        "certificate-expiring",
        "A configured certificate has expired or expires within the window.");
  }

  @Override
  public List<Hit> check(CheckContext context) {
    List<Hit> hits = new ArrayList<>();
    Instant horizon = context.now().plus(context.thresholds().window());
    for (Sites.Resolved r : Sites.resolved(context)) {
      if (r.site().clientCertificate()) {
        clientCertificate(context, r, horizon).ifPresent(hits::add);
      }
    }
    for (CheckInputs.CertificateFile file : context.inputs().certificates()) {
      List<X509Certificate> chain;
      try (InputStream in = Files.newInputStream(file.path())) {
        chain = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          chain.add((X509Certificate) c);
        }
      } catch (IOException | CertificateException e) {
        hits.add(
            new Hit(
                file.declaredAt(),
                "cannot read certificate " + file.path() + ": fix the path or the PEM file"));
        continue;
      }
      for (X509Certificate cert : chain) {
        Instant notAfter = cert.getNotAfter().toInstant();
        String subject = cert.getSubjectX500Principal().getName();
        if (!context.now().isBefore(notAfter)) {
          hits.add(
              new Hit(
                  file.declaredAt(),
                  "certificate '"
                      + subject
                      + "' in "
                      + file.path().getFileName()
                      + " expired on "
                      + notAfter
                      + ": renew it"));
        } else if (notAfter.isBefore(horizon)) {
          hits.add(
              new Hit(
                  file.declaredAt(),
                  "certificate '"
                      + subject
                      + "' in "
                      + file.path().getFileName()
                      + " expires on "
                      + notAfter
                      + ", in "
                      + Sites.span(Duration.between(context.now(), notAfter))
                      + ": renew it before then"));
        }
      }
    }
    return hits;
  }

  private static Optional<Hit> clientCertificate(
      CheckContext context, Sites.Resolved r, Instant horizon) {
    String subject =
        "upstream mTLS client certificate " + r.subject() + " of API '" + r.site().api() + "'";
    Optional<String> type = r.version().contentType();
    if (type.isPresent() && !PEM.equalsIgnoreCase(type.get().strip())) {
      return Optional.of(
          new Hit(
              r.site().location(),
              subject
                  + " has content type '"
                  + type.get()
                  + "', but the gateway presents a PEM chain and key ("
                  + PEM
                  + "): store it as PEM"));
    }
    Instant notAfter = r.version().expires().orElse(null);
    if (notAfter == null) {
      return Optional.empty();
    }
    if (!context.now().isBefore(notAfter)) {
      return Optional.of(
          new Hit(
              r.site().location(),
              subject
                  + " expired on "
                  + notAfter
                  + ": the upstream will refuse the TLS handshake; store a renewed certificate as"
                  + " a new version"));
    }
    if (notAfter.isBefore(horizon)) {
      return Optional.of(
          new Hit(
              r.site().location(),
              subject
                  + " expires on "
                  + notAfter
                  + ", in "
                  + Sites.span(Duration.between(context.now(), notAfter))
                  + ": renew it and store it as a new version before then"));
    }
    return Optional.empty();
  }
}
