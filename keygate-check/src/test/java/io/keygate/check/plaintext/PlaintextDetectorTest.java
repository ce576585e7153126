package io.keygate.check.plaintext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The detector against a corpus of true positives (each with the kind it must be reported as) and
 * false positives taken from real definitions: references, URLs, ids, public keys, names.
 */
class PlaintextDetectorTest {
  // Split so that this file itself does not look like a leak to scanners.
  private static final String GH = "ghp_";
  private static final String AWS = "AKIA";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          value   | -----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAx4\\n-----END RSA PRIVATE KEY----- | private key (PEM)
          value   | eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk | JSON Web Token
          value   | AKIAIOSFODNN7EXAMPLQ | AWS access key id
          value   | DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYg==;EndpointSuffix=core.windows.net | Azure storage account key
          value   | https://acme.blob.core.windows.net/c?sv=2022-11-02&sig=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6 | Azure SAS signature
          value   | abc8Q~Zq8xW2vB7nL4kR9tY1uE5oP3aS6dF0gH2 | Microsoft Entra client secret
          value   | AIzaSyD4x9Zq8xW2vB7nL4kR9tY1uE5oP3aS6dF | Google API key
          value   | ghp_Zq8xW2vB7nL4kR9tY1uE5oP3aS6dF0gH2jK8 | GitHub token
          value   | github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz | GitHub token
          value   | xoxb-123456789012-abcdefghijkl | Slack token
          url     | postgresql://app:Sup3rS3cret@db.internal:5432/app | connection string with a password
          value   | Server=db;Database=app;User Id=app;Password=Sup3rS3cret; | connection string with a password
          value   | Bearer 8f14e45fceea167a5a36dedd4bea2543ab | Bearer/Basic credential
          password| hunter2hunter2 | credential in field 'password'
          clientSecret | not-so-secret-but-literal | credential in field 'clientSecret'
          value   | token Zq8xW2vB7nL4kR9tY1uE5oP3aS6dF0 | high-entropy string
          """)
  void truePositive_isReportedAsItsKind(String field, String value, String kind) {
    List<Detection> found =
        PlaintextDetector.scan(field.strip(), value.strip().replace("\\n", "\n"));

    assertThat(found).extracting(Detection::kind).contains(kind.strip());
    for (Detection d : found) {
      assertThat(d.shown()).matches("(.*… )?\\(\\d+ chars, sha256:[0-9a-f]{8}\\)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Bearer ${secret:payments/upstream-token}",
        "${secret:crm/tenant-${claim.tid}}",
        "${secret:payments/upstream-token#0123456789abcdef0123456789abcdef}",
        "Basic ${secret:legacy/basic}",
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
        "api://payments",
        "https://payments.internal:8443",
        "payments-standard",
        "X-API-Key",
        "login.microsoftonline.com",
        "payments.eu-west-1.internal.example.com",
        "6d5f1c1e-7a5b-4a0e-9a3d-2f0e4b8c9d11",
        "RS256",
        "30d",
        "/payments/",
        "keygate-data/policies/payments-standard.yaml",
        "jdbc:postgresql://db.internal:5432/keygate",
        "KEYGATE_DB_PASSWORD",
        "the-quick-brown-fox-jumps-over-the-lazy-dog",
        "application/x-pem-file",
      })
  void falsePositive_isNotReported(String value) {
    assertThat(PlaintextDetector.scan("value", value)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"passwordEnv", "tokenHeader", "header"})
  void fieldsThatOnlyNameWhereACredentialIs_areNotCredentials(String field) {
    assertThat(PlaintextDetector.scan(field, "KEYGATE_DB_PASSWORD")).isEmpty();
    assertThat(PlaintextDetector.scan(field, "Authorization")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"value", "password"})
  void aDetection_neverContainsTheValue(String field) {
    String secret = GH + "Zq8xW2vB7nL4kR9tY1uE5oP3aS6dF0gH2jK8";
    String aws = AWS + "IOSFODNN7EXAMPLQ";
    for (Detection d : PlaintextDetector.scan(field, secret + " " + aws)) {
      assertThat(d.shown())
          .doesNotContain(secret.substring(4, 12))
          .doesNotContain(aws.substring(4));
      assertThat(d.kind()).doesNotContain(secret.substring(4, 12));
    }
  }
}
