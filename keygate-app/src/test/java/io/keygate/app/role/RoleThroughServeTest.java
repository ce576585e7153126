package io.keygate.app.role;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RunningNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The role and audit commands against a node started the way {@code keygate serve} starts one. */
class RoleThroughServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path data;

  @Test
  void keyIdFromKeyCreate_isThePrincipalOfARoleAssignment_andTheChangeIsAudited() throws Exception {
    Files.createDirectories(data.resolve("policies"));
    Files.writeString(
        data.resolve("policies/standard.yaml"), "name: standard\naccess: [payments]\n");
    try (RunningNode node = new RunningNode(data)) {
      RunningNode.Run created =
          node.cli(null, "key", "create", "--policy", "standard", "-o", "json");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      String id = JSON.readTree(created.out()).path("id").asText();

      RunningNode.Run assigned =
          node.cli(null, "role", "assign", "key:" + id, "secrets-user", "--scope", "default");
      RunningNode.Run listed =
          node.cli(null, "role", "list", "--principal", "key:" + id, "-o", "json");
      RunningNode.Run audit = node.cli(null, "audit", "list", "--limit", "1", "-o", "json");
      RunningNode.Run bad =
          node.cli(null, "role", "assign", "key:" + id, "secrets-user", "--scope", "a/b/c");

      assertThat(assigned.out().trim()).isEqualTo("assigned secrets-user on default to key:" + id);
      JsonNode rows = JSON.readTree(listed.out());
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).path("scope").asText()).isEqualTo("default");
      JsonNode entry = JSON.readTree(audit.out()).get(0);
      assertThat(entry.path("action").asText()).isEqualTo("ASSIGN_ROLE");
      assertThat(entry.path("name").asText()).isEqualTo("key:" + id + " secrets-user default");
      assertThat(bad.exitCode()).isNotZero();
      assertThat(bad.err())
          .contains(
              "scope 'a/b/c' is invalid: use *, a vault (payments) or one secret"
                  + " (payments/upstream-token)");
    }
  }
}
