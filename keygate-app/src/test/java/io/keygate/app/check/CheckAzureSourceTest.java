package io.keygate.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.Main;
import io.keygate.app.RunningNode;
import io.keygate.app.apps.AzureConfig;
import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.config.KeygateConfig;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keygate check --source azure://} through the official Azure SDK against a running node's
 * Azure Key Vault-compatible API ({@code https://payments.vault.test}), signed in as an app that
 * holds only {@code secrets-reader}: expiry, disabled and missing secrets are found from the
 * versions listing, and no value is read (the app could not read one).
 */
class CheckAzureSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANARY = "canary-AZURE-METADATA-77d1";
  @TempDir Path data;
  @TempDir Path repo;

  @Test
  void azureMetadata_findsExpiringDisabledAndMissingSecrets_withAReaderOnlyApp() throws Exception {
    Path apis = Files.createDirectories(repo.resolve("apis"));
    Files.writeString(
        apis.resolve("payments.yaml"),
        """
        name: payments
        listen: { path: /payments/ }
        upstream: { url: https://payments.internal }
        auth: { apiKey: {} }
        inject:
          - header: X-Token
            value: "${secret:azure://payments/upstream-token}"
          - header: X-Old
            value: "${secret:azure://payments/old-token}"
          - header: X-None
            value: "${secret:azure://payments/no-such-token}"
        """);
    KeygateConfig config =
        new KeygateConfig(
            null, null, null, null, null, null, null, null, new AzureConfig(true, "vault.test"));
    try (RunningNode node = new RunningNode(data, config, Map.of())) {
      int port = node.node.adminPort();
      assertThat(node.cli(null, "vault", "create", "payments").exitCode()).isZero();
      assertThat(
              node.cli(CANARY, "secret", "set", "payments/upstream-token", "--expires", "5d")
                  .exitCode())
          .isZero();
      assertThat(
              node.cli(CANARY, "secret", "set", "payments/old-token", "--expires", "300d")
                  .exitCode())
          .isZero();
      assertThat(
              node.cli(null, "secret", "update", "payments/old-token", "--enabled", "false")
                  .exitCode())
          .isZero();
      RunningNode.Run app = node.cli(null, "app", "create", "pre-deploy-check");
      assertThat(app.exitCode()).as(app.toString()).isZero();
      String clientId = field(app.out(), "client id");
      String secret = field(app.out(), "client secret");
      assertThat(
              node.cli(
                      null,
                      "role",
                      "assign",
                      "app:" + clientId,
                      "secrets-reader",
                      "--scope",
                      "payments")
                  .exitCode())
          .isZero();
      Path keygateYaml = repo.resolve("keygate.yaml");
      Files.writeString(
          keygateYaml,
          """
          sources:
            azure:
              vaults:
                payments: https://payments.vault.test:%d
              credential:
                type: client-secret
                tenantId: keygate
                clientId: %s
                clientSecretEnv: CHECK_AZURE_SECRET
                authorityHost: https://localhost:%d
              caCertificates: %s
          """
              .formatted(port, clientId, port, data.resolve("admin-cert.pem")));

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Main.execute(
              CliEnvironment.of(
                  Map.of("CHECK_AZURE_SECRET", secret), InputStream.nullInputStream()),
              new PrintWriter(out),
              new PrintWriter(err),
              "check",
              "--apis",
              apis.toString(),
              "--policies",
              repo.resolve("policies").toString(),
              "--base",
              repo.toString(),
              "--config",
              keygateYaml.toString(),
              "--source",
              "azure://payments",
              "--format",
              "json");

      assertThat(code).as(err.toString()).isEqualTo(1);
      assertThat(out.toString() + err.toString()).doesNotContain(CANARY).doesNotContain(secret);
      List<String> findings = new ArrayList<>();
      for (JsonNode f : JSON.readTree(out.toString()).path("findings")) {
        findings.add(f.path("rule").asText() + " " + f.path("line").asInt());
      }
      assertThat(findings).contains("KG005 7", "KG002 9", "KG001 11").doesNotContain("KG001 7");
      String expiring =
          JSON.readTree(out.toString()).path("findings").findValuesAsText("message").stream()
              .filter(m -> m.contains("upstream-token"))
              .findFirst()
              .orElseThrow();
      assertThat(expiring).contains("expires on ").contains(", in 4 days (window 30 days)");
      assertThat(node.transcript).noneMatch(text -> text.contains(CANARY));
    }
  }

  private static String field(String output, String name) {
    Matcher matcher = Pattern.compile("(?m)^" + name + ":\\s+(\\S+)$").matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group(1);
  }
}
