package io.keygate.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretBundle;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keygate check} against a real embedded vault (SQLite in a temporary data directory) with
 * secrets in every state, made with the vault's clock; no sleeps, the check judges {@code --at} a
 * fixed time.
 */
class CheckCommandTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final String CANARY = "canary-VALUE-7f3a9c1e5b";
  static final String LEAKED = "ghp_" + "Zq8xW2vB7nL4kR9tY1uE5oP3aS6dF0gH2jK8";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  @TempDir Path repo;
  Path apis;
  Path policies;
  String pinnedMissing = "0123456789abcdef0123456789abcdef";
  final List<String> outputs = new ArrayList<>();

  @BeforeEach
  void vaultWithSecretsInEveryState() throws Exception {
    Clock created = Clock.fixed(NOW.minus(Duration.ofDays(10)), ZoneOffset.UTC);
    try (SecretVault vault =
        SecretVault.open(
            VaultOptions.embedded(data).withSweepInterval(Duration.ZERO).withClock(created))) {
      vault.createVault("payments");
      set(vault, "healthy", SetSecretRequest.of(value()).withExpires(days(200)));
      set(vault, "expired", SetSecretRequest.of(value()).withExpires(days(-1)));
      set(vault, "expiring", SetSecretRequest.of(value()).withExpires(days(5)));
      set(
          vault,
          "disabled",
          SetSecretRequest.of(value()).withExpires(days(200)).withEnabled(false));
      set(
          vault,
          "future",
          SetSecretRequest.of(value()).withNotBefore(days(3)).withExpires(days(200)));
      set(vault, "forever", SetSecretRequest.of(value()));
    }
    apis = Files.createDirectories(repo.resolve("apis"));
    policies = Files.createDirectories(repo.resolve("policies"));
    Files.writeString(
        apis.resolve("payments.yaml"),
        """
        name: payments
        listen: { path: /payments/ }
        upstream: { url: https://payments.internal:8443 }
        auth:
          apiKey: { header: X-API-Key }
        policy: payments-standard
        inject:
          - header: X-Healthy
            value: "${secret:payments/healthy}"
          - header: X-Expired
            value: "${secret:payments/expired}"
          - header: X-Expiring
            value: "Bearer ${secret:payments/expiring}"
          - header: X-Disabled
            value: "${secret:payments/disabled}"
          - header: X-Future
            value: "${secret:payments/future}"
          - header: X-Forever
            value: "${secret:payments/forever}"
          - header: X-Missing
            value: "${secret:payments/missing}"
          - header: X-Pinned
            value: "${secret:payments/healthy#%s}"
          - header: X-Tenant
            value: "${secret:payments/tenant-${claim.tid}}"
        """
            .formatted(pinnedMissing));
    Files.writeString(
        apis.resolve("leaky.yaml"),
        """
        name: leaky
        listen: { path: /leaky/ }
        upstream: { url: https://leaky.internal }
        auth:
          jwt:
            issuer: https://issuer.example.com
            audience: api://leaky
            requiredClaims: { azp: "%s" }
        """
            .formatted(LEAKED));
    Files.writeString(
        apis.resolve("status.yaml"),
        """
        name: status
        listen: { path: /status/ }
        upstream: { url: http://127.0.0.1:9000 }
        auth: { keyless: true }
        """);
    Files.writeString(
        policies.resolve("payments-standard.yaml"),
        """
        name: payments-standard
        access: [payments]
        """);
  }

  private static SecretValue value() {
    return SecretValue.of(CANARY);
  }

  private static Instant days(int n) {
    return NOW.plus(Duration.ofDays(n));
  }

  private static void set(SecretVault vault, String name, SetSecretRequest request) {
    SecretBundle ignored = vault.setSecret("payments", name, request);
    assertThat(ignored.properties().name()).isEqualTo(name);
  }

  record Run(int code, String out, String err) {}

  private Run check(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                "--data",
                data.toString(),
                "--apis",
                apis.toString(),
                "--policies",
                policies.toString(),
                "--base",
                repo.toString(),
                "--at",
                NOW.toString()));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            CliEnvironment.of(Map.of(), InputStream.nullInputStream()),
            new PrintWriter(out),
            new PrintWriter(err),
            args.toArray(String[]::new));
    outputs.add(out.toString());
    outputs.add(err.toString());
    return new Run(code, out.toString(), err.toString());
  }

  private static Set<String> ruleIds(JsonNode report) {
    Set<String> ids = new TreeSet<>();
    report.path("findings").forEach(f -> ids.add(f.path("rule").asText()));
    return ids;
  }

  private static List<String> messagesOf(JsonNode report, String rule) {
    List<String> messages = new ArrayList<>();
    report
        .path("findings")
        .forEach(
            f -> {
              if (f.path("rule").asText().equals(rule)) {
                messages.add(f.path("message").asText());
              }
            });
    return messages;
  }

  @Test
  void embeddedVault_everyStateIsReportedOnItsLine_andTheCheckFails() throws Exception {
    Run run = check("--format", "json");

    assertThat(run.code()).as(run.err()).isEqualTo(1);
    JsonNode report = JSON.readTree(run.out());
    assertThat(ruleIds(report))
        .containsExactly(
            "KG001", "KG002", "KG003", "KG004", "KG005", "KG010", "KG011", "KG020", "KG051");
    assertThat(messagesOf(report, "KG003"))
        .containsExactly(
            "secret 'payments/expired' (version "
                + versionIn(messagesOf(report, "KG003").get(0))
                + ") expired on 2026-05-31T00:00:00Z: set a new version (or rotate it) before"
                + " deploying API 'payments'");
    assertThat(messagesOf(report, "KG001"))
        .anyMatch(
            m ->
                m.startsWith(
                    "secret 'payments/missing' referenced by API 'payments' does not exist"))
        .anyMatch(m -> m.startsWith("version " + pinnedMissing + " of secret 'payments/healthy'"))
        .anyMatch(
            m ->
                m.contains(
                    "needs claim(s) tid, but API 'payments' does not authenticate with JWTs"));
    assertThat(messagesOf(report, "KG005").get(0)).contains("in 5 days (window 30 days)");
    JsonNode expired = findingOf(report, "KG003");
    assertThat(expired.path("file").asText()).isEqualTo("apis/payments.yaml");
    assertThat(expired.path("line").asInt()).isEqualTo(11);
    assertThat(report.path("summary").path("text").asText())
        .startsWith("8 errors, 8 warnings, 0 notes");
  }

  @Test
  void soc2Profile_ratesHygieneAsErrors_andMapsControls() throws Exception {
    Run run = check("--format", "json", "--profile", "soc2");
    assertThat(run.code()).as(run.err()).isEqualTo(1);

    JsonNode report = JSON.readTree(run.out());
    JsonNode noExpiry = findingOf(report, "KG010");
    assertThat(noExpiry.path("severity").asText()).isEqualTo("error");
    assertThat(noExpiry.path("controls").toString()).isEqualTo("[\"SOC2 CC6.1\"]");
  }

  @Test
  void sarif_hasTheRequiredStructureOf210_andResultsOnDefinitionLines() throws Exception {
    Run run = check("--format", "sarif");

    JsonNode sarif = JSON.readTree(run.out());
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    assertThat(sarif.path("$schema").asText()).contains("sarif-2.1.0");
    JsonNode sarifRun = sarif.path("runs").get(0);
    assertThat(sarifRun.path("tool").path("driver").path("name").asText())
        .isEqualTo("keygate-check");
    assertThat(sarifRun.path("tool").path("driver").path("rules").size()).isEqualTo(19);
    JsonNode results = sarifRun.path("results");
    assertThat(results.size()).isGreaterThan(5);
    for (JsonNode result : results) {
      assertThat(result.path("ruleId").asText()).matches("KG\\d{3}");
      assertThat(result.path("message").path("text").asText()).isNotBlank();
      assertThat(result.path("level").asText()).isIn("error", "warning", "note");
      JsonNode physical = result.path("locations").get(0).path("physicalLocation");
      assertThat(physical.path("artifactLocation").path("uri").asText()).startsWith("apis/");
      assertThat(physical.path("region").path("startLine").asInt()).isPositive();
    }
  }

  @Test
  void everyFormat_andTheEvidenceBundle_containNoSecretValue() throws Exception {
    Path evidence = repo.resolve("evidence");
    for (String format : List.of("text", "json", "sarif", "junit", "github")) {
      Run run = check("--format", format, "--evidence", evidence.toString());
      assertThat(run.code()).isEqualTo(1);
    }
    List<String> texts = new ArrayList<>(outputs);
    try (var files = Files.walk(evidence)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        texts.add(Files.readString(f));
      }
    }
    assertThat(texts).hasSizeGreaterThan(10);
    for (String text : texts) {
      assertThat(text)
          .doesNotContain(CANARY)
          .doesNotContain(LEAKED)
          .doesNotContain(LEAKED.substring(4, 20));
    }
  }

  @Test
  void githubFormat_writesAnnotationsWithFileAndLine() {
    Run run = check("--format", "github");

    assertThat(run.out())
        .contains(
            "::error file=apis/payments.yaml,line=11,title=KG003 expired::secret 'payments/expired'");
    assertThat(run.out().strip()).endsWith("(19 rules, profile default)");
  }

  @Test
  void failOnWarning_countsWarnings_butADataDirectoryWithoutVaultCannotRun() throws Exception {
    Path empty = Files.createDirectories(repo.resolve("empty"));
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            CliEnvironment.of(Map.of(), InputStream.nullInputStream()),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "check",
            "--data",
            empty.toString(),
            "--apis",
            apis.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "keygate check could not run: no vault in "
                + empty.toAbsolutePath()
                + " (no vault.db): pass --data DIR of the node, or --addr URL of a running one\n");
    assertThat(Files.exists(empty.resolve("vault.db"))).isFalse();
  }

  @Test
  void badArguments_cannotRun_andSayWhy() {
    assertThat(check("--format", "xml"))
        .isEqualTo(
            new Run(
                2,
                "",
                "keygate check could not run: 'xml' is not a format; use text, json, sarif, junit"
                    + " or github\n"));
    assertThat(check("--fail-on", "critical").err())
        .isEqualTo(
            "keygate check could not run: 'critical' is not a severity; use note, warning or"
                + " error\n");
    assertThat(check("--within", "2 weeks").err())
        .isEqualTo(
            "keygate check could not run: '2 weeks' is not a duration; write a number and a unit:"
                + " 250ms, 5s, 1m, 1h, 30d\n");
    assertThat(check("--profile", "pci").code()).isEqualTo(2);
  }

  @Test
  void textFormat_isATableWithoutColourWhenNotOnATerminal_andFailOnNoteCountsEverything() {
    Run run = check("--fail-on", "note");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).doesNotContain("\u001b[");
    assertThat(run.out().lines().findFirst().orElseThrow())
        .matches("SEVERITY +RULE +LOCATION +MESSAGE");
    assertThat(run.out())
        .contains("error     KG003 expired ")
        .endsWith("8 errors, 8 warnings, 0 notes (19 rules, profile default)\n");
  }

  private static JsonNode findingOf(JsonNode report, String rule) {
    for (JsonNode f : report.path("findings")) {
      if (f.path("rule").asText().equals(rule)) {
        return f;
      }
    }
    throw new AssertionError("no " + rule + " finding in " + report);
  }

  private static String versionIn(String message) {
    int at = message.indexOf("(version ") + "(version ".length();
    return message.substring(at, message.indexOf(')', at));
  }
}
