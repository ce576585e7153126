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

/**
 * KG040: a configured certificate (the admin listener's, or others the caller adds) that has
 * expired or expires within the window. Only the first certificate of a chain file is the server's;
 * the chain's CAs are checked too because an expired intermediate breaks TLS just as well.
 */
final class CertificateExpiring extends BaseRule {
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
}
