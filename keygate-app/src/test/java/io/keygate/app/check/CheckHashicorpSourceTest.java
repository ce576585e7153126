package io.keygate.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RunningNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keygate check --source hashicorp://} against a real KV v2 API (a running node's), reading
 * {@code metadata/} only: a deleted current version, a missing path, a healthy secret; embedded
 * references are listed as not checked when no Keygate vault is given.
 */
class CheckHashicorpSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANARY = "canary-KV-METADATA-2f81";
  @TempDir Path data;
  @TempDir Path repo;

  private CheckRun.Outcome check(Map<String, String> variables, String... extra) {
    return CheckRun.check(repo, CANARY, variables, extra);
  }

  @Test
  void kvMetadata_findsTheDeletedAndMissingSecrets_andListsEmbeddedOnesAsNotChecked()
      throws Exception {
    Path apis = Files.createDirectories(repo.resolve("apis"));
    Files.writeString(
        apis.resolve("billing.yaml"),
        """
        name: billing
        listen: { path: /billing/ }
        upstream: { url: https://billing.internal }
        auth: { apiKey: {} }
        inject:
          - header: X-Db
            value: "${secret:hashicorp://secret/billing/db}"
          - header: X-Old
            value: "${secret:hashicorp://secret/billing/old}"
          - header: X-Gone
            value: "${secret:hashicorp://secret/billing/gone}"
          - header: X-Local
            value: "${secret:default/local-token}"
        """);
    try (RunningNode node = new RunningNode(data)) {
      assertThat(node.cli(null, "vault", "create", "secret").exitCode()).isZero();
      assertThat(node.cli(CANARY, "secret", "set", "secret/billing--db").exitCode()).isZero();
      assertThat(node.cli(CANARY, "secret", "set", "secret/billing--old").exitCode()).isZero();
      assertThat(
              node.cli(null, "secret", "update", "secret/billing--old", "--enabled", "false")
                  .exitCode())
          .isZero();
      Path config = repo.resolve("keygate.yaml");
      Files.writeString(
          config,
          """
          sources:
            hashicorp:
              address: %s
              tokenEnv: CHECK_VAULT_TOKEN
              caCertificates: %s
          """
              .formatted(node.address(), data.resolve("admin-cert.pem")));
      String token = Files.readString(data.resolve("admin-token")).strip();

      CheckRun.Outcome outcome =
          check(
              Map.of("CHECK_VAULT_TOKEN", token),
              "--config",
              config.toString(),
              "--source",
              "hashicorp://");

      assertThat(outcome.code()).as(outcome.err()).isEqualTo(1);
      assertThat(outcome.findings())
          .contains(
              "KG002 9 secret 'hashicorp://secret/billing/old' (version 1) is disabled, so API"
                  + " 'billing' cannot inject it: enable it or set a new version",
              "KG001 11 secret 'hashicorp://secret/billing/gone' referenced by API 'billing' does"
                  + " not exist in its hashicorp:// source: create it there or fix the reference")
          .noneMatch(line -> line.contains("billing/db'") && !line.startsWith("KG010"));
      assertThat(JSON.readTree(outcome.out()).path("notChecked").toString())
          .contains("default/local-token");

      CheckRun.Outcome refused =
          check(
              Map.of("CHECK_VAULT_TOKEN", "not-the-token"),
              "--config",
              config.toString(),
              "--source",
              "hashicorp://");
      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err())
          .isEqualTo(
              "keygate check could not run: HashiCorp Vault at "
                  + node.address()
                  + " refused the check's token (HTTP 403): it needs read on"
                  + " /v1/secret/metadata/billing/db\n");
    }
  }

  @Test
  void unknownSourceScheme_isExit2WithWhatToUse() throws Exception {
    Files.createDirectories(repo.resolve("apis"));
    CheckRun.Outcome outcome = check(Map.of(), "--source", "vault://x");

    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.err())
        .isEqualTo(
            "keygate check could not run: --source 'vault://x' is not one the check can ask: use"
                + " azure://[vault] or hashicorp://[mount] (keygate vaults: --data DIR or --addr"
                + " URL)\n");
  }
}
