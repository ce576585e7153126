package io.keygate.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.RunningNode;
import io.keygate.app.RunningNode.Run;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygate audit verify} against a running node whose vault database file is tampered. */
class AuditVerifyCommandTest {
  private static final String CANARY = "kg-canary-audit-verify-51c2";
  @TempDir Path data;

  @Test
  void verify_isOkOnAnIntactTrail_andNamesTheFirstAlteredEntry_withExitCode1() throws Exception {
    try (RunningNode node = new RunningNode(data)) {
      assertThat(node.cli(CANARY, "secret", "set", "db").exitCode()).isZero();
      assertThat(node.cli(CANARY, "secret", "set", "db").exitCode()).isZero();

      Run intact = node.cli(null, "audit", "verify");
      assertThat(intact.exitCode()).as(intact.toString()).isZero();
      assertThat(intact.out()).startsWith("OK: ").contains(" entries verified, chain ends at seq");
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      var verified = mapper.readTree(node.cli(null, "audit", "verify", "-o", "json").out());
      var newest =
          mapper.readTree(node.cli(null, "audit", "list", "--limit", "1", "-o", "json").out());
      assertThat(newest.get(0).path("seq").asLong()).isEqualTo(verified.path("lastSeq").asLong());
      assertThat(newest.get(0).path("hash").asText()).isEqualTo(verified.path("lastHash").asText());

      String id;
      long seq;
      long at;
      try (Connection connection =
              DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"));
          Statement statement = connection.createStatement()) {
        try (ResultSet row =
            statement.executeQuery(
                "SELECT entry_id, seq, at FROM audit_log WHERE action = 'SET' ORDER BY seq")) {
          row.next();
          id = row.getString(1);
          seq = row.getLong(2);
          at = row.getLong(3);
        }
        statement.executeUpdate(
            "UPDATE audit_log SET on_behalf_of = 'user:someone-else' WHERE seq = " + seq);
      }

      Run broken = node.cli(null, "audit", "verify");
      assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(1);
      assertThat(broken.out().strip())
          .isEqualTo(
              "BROKEN at entry "
                  + id
                  + " (seq "
                  + seq
                  + ", "
                  + Instant.ofEpochMilli(at)
                  + "): its content does not match its hash (altered?)");
      Run json = node.cli(null, "audit", "verify", "--output", "json");
      assertThat(json.out()).contains("\"ok\" : false").contains("\"entryId\" : \"" + id + "\"");

      Run bad = node.cli(null, "audit", "verify", "--since", "yesterday");
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(node.transcript).noneMatch(text -> text.contains(CANARY));
    }
  }
}
