package io.keygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KG040 over every certificate a deploy carries: listener certificate files from keygate.yaml, an
 * API's upstream CA file, and upstream mTLS client certificates judged from secret metadata.
 */
class CertificateRulesTest {
  private static final String V1 = "a1".repeat(16);
  @TempDir Path repo;

  private Report check(Optional<Path> config, MetadataSource source) throws Exception {
    Files.createDirectories(repo.resolve("apis"));
    CheckInputs inputs =
        CheckInputs.read(repo, repo.resolve("apis"), repo.resolve("policies"), config, List.of());
    return Check.run(
        new CheckContext(
            inputs,
            Profiles.builtIn("default", Check.ruleIds()),
            FixtureSource.NOW,
            source,
            Optional.empty()));
  }

  private void mtlsApi() throws Exception {
    Files.createDirectories(repo.resolve("apis"));
    Files.writeString(
        repo.resolve("apis").resolve("bank.yaml"),
        """
        name: bank
        listen: { path: /bank/ }
        upstream: { url: "https://bank.internal:8443" }
        auth: { apiKey: {} }
        inject:
          - clientCertificate: "${secret:payments/bank-client}"
        """);
  }

  private static FixtureSource clientCertificate(Instant expires, String contentType) {
    return new FixtureSource()
        .secret(
            "payments",
            "bank-client",
            new VersionMetadata(
                V1,
                true,
                Optional.empty(),
                Optional.ofNullable(expires),
                FixtureSource.days(-10),
                Optional.ofNullable(contentType),
                Map.of()));
  }

  @Test
  void clientCertificateExpiringInTheWindow_isKg040OnItsInjectLine_notKg005() throws Exception {
    mtlsApi();

    Report report =
        check(
            Optional.empty(), clientCertificate(FixtureSource.days(10), "application/x-pem-file"));

    assertThat(report.findingsOf("KG005")).isEmpty();
    assertThat(report.findingsOf("KG040"))
        .extracting(f -> f.location() + " " + f.message())
        .containsExactly(
            "apis/bank.yaml:6 upstream mTLS client certificate 'payments/bank-client' (version "
                + V1
                + ") of API 'bank' expires on 2026-06-11T00:00:00Z, in 10 days: renew it and"
                + " store it as a new version before then");
  }

  @Test
  void expiredClientCertificate_isKg040_notKg003() throws Exception {
    mtlsApi();

    Report report = check(Optional.empty(), clientCertificate(FixtureSource.days(-1), null));

    assertThat(report.findingsOf("KG003")).isEmpty();
    assertThat(report.findingsOf("KG040"))
        .extracting(Finding::message)
        .containsExactly(
            "upstream mTLS client certificate 'payments/bank-client' (version "
                + V1
                + ") of API 'bank' expired on 2026-05-31T00:00:00Z: the upstream will refuse the"
                + " TLS handshake; store a renewed certificate as a new version");
  }

  @Test
  void clientCertificateStoredAsPkcs12_isKg040NamingTheContentType() throws Exception {
    mtlsApi();

    Report report =
        check(Optional.empty(), clientCertificate(FixtureSource.days(200), "application/x-pkcs12"));

    assertThat(report.findingsOf("KG040"))
        .extracting(Finding::message)
        .containsExactly(
            "upstream mTLS client certificate 'payments/bank-client' (version "
                + V1
                + ") of API 'bank' has content type 'application/x-pkcs12', but the gateway"
                + " presents a PEM chain and key (application/x-pem-file): store it as PEM");
  }

  @Test
  void healthyClientCertificate_andAMissingOne_areNotKg040() throws Exception {
    mtlsApi();

    assertThat(
            check(
                    Optional.empty(),
                    clientCertificate(FixtureSource.days(200), "application/x-pem-file"))
                .findingsOf("KG040"))
        .isEmpty();
    Report missing = check(Optional.empty(), new FixtureSource());
    assertThat(missing.findingsOf("KG040")).isEmpty();
    assertThat(missing.findingsOf("KG001")).hasSize(1);
  }

  @Test
  void gatewayListenerAndUpstreamCaCertificates_areCheckedFromTheirFiles() throws Exception {
    Path gatewayCert = pem("gateway.pem", "CN=gateway.example", FixtureSource.days(7));
    Path adminCert = pem("admin.pem", "CN=admin.example", FixtureSource.days(300));
    Path ca = pem("upstream-ca.pem", "CN=Upstream CA", FixtureSource.days(-2));
    Path config = repo.resolve("keygate.yaml");
    Files.writeString(
        config,
        """
        admin:
          tls:
            certificate: %s
            privateKey: /unused/admin.key
        gateway:
          tls:
            certificate: %s
            privateKey: /unused/gateway.key
        """
            .formatted(adminCert, gatewayCert));
    Files.createDirectories(repo.resolve("apis"));
    Files.writeString(
        repo.resolve("apis").resolve("private.yaml"),
        """
        name: private
        listen: { path: /private/ }
        upstream:
          url: "https://private.internal"
          ca: %s
        auth: { keyless: true }
        public: true
        """
            .formatted(ca));

    Report report = check(Optional.of(config), new FixtureSource());

    assertThat(report.findingsOf("KG040"))
        .extracting(f -> f.location() + " " + f.message())
        .containsExactly(
            "apis/private.yaml:5 certificate 'CN=Upstream CA' in upstream-ca.pem expired on"
                + " 2026-05-30T00:00:00Z: renew it",
            "keygate.yaml:7 certificate 'CN=gateway.example' in gateway.pem expires on"
                + " 2026-06-08T00:00:00Z, in 7 days: renew it before then");
  }

  private Path pem(String file, String subject, Instant notAfter) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name(subject);
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        Date.from(FixtureSource.days(-400)),
                        Date.from(notAfter),
                        name,
                        pair.getPublic())
                    .build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    Path path = repo.resolve(file);
    Files.writeString(
        path,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    return path;
  }
}
