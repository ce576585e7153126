package io.keygate.app.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RunningNode;
import io.keygate.app.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path data;
  @TempDir static Path files;
  static RunningNode keygate;

  @BeforeAll
  static void start() {
    keygate = new RunningNode(data);
  }

  @AfterAll
  static void stop() {
    keygate.close();
  }

  @Test
  void setThenGet_printsExactlyTheValue() {
    var set = keygate.cli(null, "secret", "set", "plain", "--value", "p@ss word");
    var get = keygate.cli(null, "secret", "get", "plain");

    assertThat(set.exitCode()).as(set.toString()).isZero();
    assertThat(set.out()).matches("set default/plain version [0-9a-f]{32} \\(enabled\\)\\n");
    assertThat(get.exitCode()).isZero();
    assertThat(get.out()).isEqualTo("p@ss word");
    assertThat(get.err()).isEmpty();
  }

  @Test
  void setFromStdin_takesTheBytesAsGiven() {
    var set = keygate.cli("line one\nline two\n", "secret", "set", "from-stdin");
    var dash = keygate.cli("dash", "secret", "set", "from-dash", "--file", "-");

    assertThat(set.exitCode()).as(set.toString()).isZero();
    assertThat(keygate.cli(null, "secret", "get", "from-stdin").out())
        .isEqualTo("line one\nline two\n");
    assertThat(dash.exitCode()).isZero();
    assertThat(keygate.cli(null, "secret", "get", "from-dash").out()).isEqualTo("dash");
  }

  @Test
  void setFromFile_readsTheFile() throws Exception {
    Path file = files.resolve("value.txt");
    Files.writeString(file, "from a file");

    var set = keygate.cli(null, "secret", "set", "from-file", "--file", file.toString());

    assertThat(set.exitCode()).isZero();
    assertThat(keygate.cli(null, "secret", "get", "from-file").out()).isEqualTo("from a file");
  }

  @Test
  void setWithAttributes_storesThem() throws Exception {
    var set =
        keygate.cli(
            null,
            "secret",
            "set",
            "team/attributed",
            "--vault",
            "team",
            "--value",
            "x",
            "--expires",
            "2099-01-01T00:00:00Z",
            "--not-before",
            "2000-01-01T00:00:00+01:00",
            "--content-type",
            "text/plain",
            "--tag",
            "env=prod",
            "--tag",
            "owner=ops",
            "--output",
            "json");
    assertThat(set.exitCode()).as(set.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(set.err()).contains("vault team not found");

    keygate.cli(null, "vault", "create", "team");
    set =
        keygate.cli(
            null,
            "secret",
            "set",
            "team/attributed",
            "--value",
            "x",
            "--expires",
            "2099-01-01T00:00:00Z",
            "--not-before",
            "2000-01-01T00:00:00+01:00",
            "--content-type",
            "text/plain",
            "--tag",
            "env=prod",
            "--tag",
            "owner=ops",
            "--output",
            "json");

    JsonNode json = JSON.readTree(set.out());
    assertThat(set.exitCode()).isZero();
    assertThat(json.has("value")).isFalse();
    assertThat(json.path("attributes").path("exp").asLong())
        .isEqualTo(Instant.parse("2099-01-01T00:00:00Z").getEpochSecond());
    assertThat(json.path("attributes").path("nbf").asLong())
        .isEqualTo(Instant.parse("1999-12-31T23:00:00Z").getEpochSecond());
    assertThat(json.path("contentType").asText()).isEqualTo("text/plain");
    assertThat(json.path("tags").toString()).isEqualTo("{\"env\":\"prod\",\"owner\":\"ops\"}");
  }

  @Test
  void expiresAsDuration_isCountedFromNow() throws Exception {
    long before = Instant.now().getEpochSecond();

    var set =
        keygate.cli(
            null, "secret", "set", "soon", "--value", "x", "--expires", "30d", "-o", "json");

    long exp = JSON.readTree(set.out()).path("attributes").path("exp").asLong();
    assertThat(exp).isBetween(before + 30 * 86400, Instant.now().getEpochSecond() + 30 * 86400);
  }

  @Test
  void getWithJson_printsValueAndMetadata() throws Exception {
    keygate.cli(null, "secret", "set", "json-get", "--value", "v");

    var get = keygate.cli(null, "secret", "get", "json-get", "--output", "json");

    JsonNode json = JSON.readTree(get.out());
    assertThat(json.path("value").asText()).isEqualTo("v");
    assertThat(json.path("id").asText()).contains("/v1/vaults/default/secrets/json-get/");
    assertThat(json.path("attributes").path("enabled").asBoolean()).isTrue();
  }

  @Test
  void getOfAnOlderVersion_printsThatVersion() throws Exception {
    var first = keygate.cli(null, "secret", "set", "two-versions", "--value", "old", "-o", "json");
    keygate.cli(null, "secret", "set", "two-versions", "--value", "new");
    String id = JSON.readTree(first.out()).path("id").asText();

    var get =
        keygate.cli(
            null,
            "secret",
            "get",
            "two-versions",
            "--version",
            id.substring(id.lastIndexOf('/') + 1));
    var versions = keygate.cli(null, "secret", "versions", "two-versions");

    assertThat(get.out()).isEqualTo("old");
    assertThat(versions.exitCode()).isZero();
    assertThat(versions.out().lines()).hasSize(3).first().asString().startsWith("VERSION");
  }

  @Test
  void list_printsATableOrJsonWithoutValues() throws Exception {
    keygate.cli(null, "vault", "create", "listing");
    keygate.cli(null, "secret", "set", "listing/a", "--value", "value-a", "--tag", "k=v");
    keygate.cli(null, "secret", "set", "listing/b", "--value", "value-b");

    var text = keygate.cli(null, "secret", "list", "--vault", "listing");
    var json = keygate.cli(null, "secret", "list", "--vault", "listing", "-o", "json");

    assertThat(text.exitCode()).isZero();
    assertThat(text.out().lines().toList())
        .hasSize(3)
        .satisfies(lines -> assertThat(lines.get(0)).startsWith("NAME"))
        .satisfies(lines -> assertThat(lines.get(1)).startsWith("a ").contains("enabled", "k=v"));
    assertThat(JSON.readTree(json.out())).hasSize(2);
    assertThat(text.out() + json.out()).doesNotContain("value-a", "value-b");
  }

  @Test
  void listFollowsEveryPage() throws Exception {
    keygate.cli(null, "vault", "create", "many");
    for (int i = 0; i < 27; i++) {
      keygate.cli(null, "secret", "set", "many/s" + i, "--value", "x");
    }

    var json = keygate.cli(null, "secret", "list", "--vault", "many", "-o", "json");

    assertThat(JSON.readTree(json.out())).hasSize(27);
  }

  @Test
  void update_changesAttributesAndDisablingBlocksGet() {
    keygate.cli(null, "secret", "set", "to-disable", "--value", "x");

    var update = keygate.cli(null, "secret", "update", "to-disable", "--enabled", "false");
    var get = keygate.cli(null, "secret", "get", "to-disable");

    assertThat(update.exitCode()).as(update.toString()).isZero();
    assertThat(update.out())
        .startsWith("updated default/to-disable version ")
        .contains("(disabled)");
    assertThat(get.exitCode()).isEqualTo(ExitCodes.FORBIDDEN);
    assertThat(get.out()).isEmpty();
    assertThat(get.err()).contains("(SecretDisabled, HTTP 403)");
  }

  @Test
  void deleteRecoverPurge_followTheLifecycle() {
    keygate.cli(null, "secret", "set", "lifecycle", "--value", "x");

    var delete = keygate.cli(null, "secret", "delete", "lifecycle");
    var setAgain = keygate.cli(null, "secret", "set", "lifecycle", "--value", "y");
    var listDeleted = keygate.cli(null, "secret", "list", "--deleted");
    var getDeleted = keygate.cli(null, "secret", "get", "lifecycle", "--deleted");
    var recover = keygate.cli(null, "secret", "recover", "lifecycle");
    var get = keygate.cli(null, "secret", "get", "lifecycle");
    keygate.cli(null, "secret", "delete", "lifecycle");
    var purge = keygate.cli(null, "secret", "purge", "lifecycle");
    var gone = keygate.cli(null, "secret", "get", "lifecycle", "--deleted");

    assertThat(delete.exitCode()).isZero();
    assertThat(delete.out())
        .startsWith("deleted default/lifecycle at ")
        .contains("recoverable until");
    assertThat(setAgain.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(setAgain.err()).contains("ObjectIsDeletedButRecoverable");
    assertThat(listDeleted.out()).contains("lifecycle");
    assertThat(getDeleted.exitCode()).isZero();
    assertThat(recover.out()).startsWith("recovered default/lifecycle version ");
    assertThat(get.out()).isEqualTo("x");
    assertThat(purge.out()).isEqualTo("purged default/lifecycle\n");
    assertThat(gone.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void backupThenRestore_roundTripsThroughAFileAndStdin() throws Exception {
    keygate.cli(null, "secret", "set", "backed-up", "--value", "keep me");
    Path blob = files.resolve("backed-up.blob");

    var backup = keygate.cli(null, "secret", "backup", "backed-up", "--out", blob.toString());
    keygate.cli(null, "secret", "delete", "backed-up");
    keygate.cli(null, "secret", "purge", "backed-up");
    var restore = keygate.cli(null, "secret", "restore", "--file", blob.toString());
    var get = keygate.cli(null, "secret", "get", "backed-up");
    var stdout = keygate.cli(null, "secret", "backup", "backed-up");
    keygate.cli(null, "secret", "delete", "backed-up");
    keygate.cli(null, "secret", "purge", "backed-up");
    var fromStdin = keygate.cli(stdout.out(), "secret", "restore");

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(Files.readString(blob)).doesNotContain("keep me");
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(restore.out()).startsWith("restored default/backed-up version ");
    assertThat(get.out()).isEqualTo("keep me");
    assertThat(fromStdin.exitCode()).as(fromStdin.toString()).isZero();
  }

  @Test
  void vaultAddressing_acceptsVaultSlashName() {
    keygate.cli(null, "vault", "create", "addressed");
    keygate.cli(null, "secret", "set", "addressed/x", "--value", "in addressed");

    assertThat(keygate.cli(null, "secret", "get", "x", "--vault", "addressed").out())
        .isEqualTo("in addressed");
    assertThat(keygate.cli(null, "secret", "get", "addressed/x").out()).isEqualTo("in addressed");
    assertThat(keygate.cli(null, "secret", "get", "addressed/x", "--vault", "other").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void vaultList_showsVaults() throws Exception {
    var list = keygate.cli(null, "vault", "list", "-o", "json");

    assertThat(JSON.readTree(list.out()).findValuesAsText("name")).contains("default");
  }

  @Test
  void version_printsTheVersion() {
    var version = keygate.cli(null, "--version");

    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("keygate ");
  }
}
