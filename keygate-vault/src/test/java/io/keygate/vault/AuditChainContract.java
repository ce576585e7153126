package io.keygate.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.vault.audit.AuditChain;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.ChainVerification;
import io.keygate.vault.audit.ChainVerification.Broken;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The audit trail's hash chain, tampered with through a raw connection to the real store. */
interface AuditChainContract extends VaultFixture {

  private void record(int count) {
    for (int i = 0; i < count; i++) {
      vault()
          .audit()
          .record(
              new AuditEntry(
                  clock().instant(),
                  List.of("user:alice"),
                  "user:alice",
                  "node-a",
                  "",
                  "READ_VALUE",
                  V,
                  "secret-" + i,
                  "v" + i,
                  AuditEntry.ALLOWED,
                  "",
                  "req-" + i));
      clock().advance(Duration.ofSeconds(1));
    }
  }

  private void execute(String sql) throws Exception {
    try (Connection connection = rawConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private String entryIdAt(long seq) throws Exception {
    try (Connection connection = rawConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT entry_id FROM audit_log WHERE seq = " + seq)) {
      result.next();
      return result.getString(1);
    }
  }

  @Test
  default void intactChain_verifiesEveryEntryInOrder_andEndsAtTheHead() {
    record(5);

    ChainVerification verification = vault().audit().verify(Optional.empty());

    assertThat(verification.ok()).isTrue();
    assertThat(verification.checked()).isEqualTo(5);
    assertThat(verification.lastSeq()).isEqualTo(5);
    assertThat(verification.lastHash()).hasSize(64).isNotEqualTo(AuditChain.GENESIS);
    assertThat(verification.summary())
        .isEqualTo("OK: 5 entries verified, chain ends at seq 5 hash " + verification.lastHash());
  }

  @Test
  default void alteredEntry_isTheFirstBrokenEntry_withItsIdAndTime() throws Exception {
    record(5);
    execute("UPDATE audit_log SET name = 'other-secret' WHERE seq = 3");

    ChainVerification verification = vault().audit().verify(Optional.empty());

    assertThat(verification.ok()).isFalse();
    assertThat(verification.checked()).isEqualTo(2);
    assertThat(verification.broken())
        .contains(
            new Broken(
                entryIdAt(3),
                3,
                START.plusSeconds(2),
                "its content does not match its hash (altered?)"));
  }

  @Test
  default void removedEntry_breaksTheChainAtTheGap() throws Exception {
    record(4);
    execute("DELETE FROM audit_log WHERE seq = 2");

    ChainVerification verification = vault().audit().verify(Optional.empty());

    assertThat(verification.broken().orElseThrow().seq()).isEqualTo(3);
    assertThat(verification.broken().orElseThrow().reason())
        .isEqualTo("entry at seq 2 is missing (removed?)");
  }

  @Test
  default void entryRewrittenWithAFreshHash_breaksTheLinkOfTheNextEntry() throws Exception {
    record(4);
    AuditEntry forged =
        new AuditEntry(
            START.plusSeconds(1),
            List.of("user:alice"),
            "user:alice",
            "node-a",
            "",
            "READ_VALUE",
            V,
            "innocent",
            "v1",
            AuditEntry.ALLOWED,
            "",
            "req-1");
    String id = entryIdAt(2);
    String previous;
    try (Connection connection = rawConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT prev_hash FROM audit_log WHERE seq = 2")) {
      result.next();
      previous = result.getString(1);
    }
    execute(
        "UPDATE audit_log SET name = 'innocent', entry_hash = '"
            + AuditChain.hash(2, id, forged, previous)
            + "' WHERE seq = 2");

    ChainVerification verification = vault().audit().verify(Optional.empty());

    assertThat(verification.broken().orElseThrow().seq()).isEqualTo(3);
    assertThat(verification.broken().orElseThrow().reason())
        .isEqualTo("its previous hash is not the hash of the entry before it");
  }

  @Test
  default void truncatedTail_isReportedAgainstTheHead() throws Exception {
    record(3);
    execute("DELETE FROM audit_log WHERE seq = 3");

    ChainVerification verification = vault().audit().verify(Optional.empty());

    assertThat(verification.broken().orElseThrow().reason())
        .isEqualTo(
            "the chain's head is at seq 3 but the entries end at seq 2 (entries removed from the"
                + " end, or the head altered)");
  }

  @Test
  default void since_checksOnlyTheLaterEntries_linkedToTheOneBefore() throws Exception {
    record(6);
    execute("UPDATE audit_log SET name = 'x' WHERE seq = 1");

    Instant since = START.plusSeconds(3);
    ChainVerification later = vault().audit().verify(Optional.of(since));

    assertThat(later.ok()).isTrue();
    assertThat(later.checked()).isEqualTo(3);
    assertThat(later.summary()).startsWith("OK: 3 entries since " + since + " verified");
    assertThat(vault().audit().verify(Optional.empty()).broken().orElseThrow().seq()).isEqualTo(1);
  }

  @Test
  default void entriesFromBeforeTheChain_areCountedAsUnchained_andListedAfterChainedOnes()
      throws Exception {
    execute(
        "INSERT INTO audit_log (entry_id, at, principals, on_behalf_of, via, api, action, vault,"
            + " name, version, outcome, code, request_id) VALUES ('0000000000001legacy', 1,"
            + " 'admin', 'admin', 'cli', '', 'SET', 'default', 'legacy', '', 'allowed', '', '')");
    record(2);

    ChainVerification verification = vault().audit().verify(Optional.empty());

    assertThat(verification.ok()).isTrue();
    assertThat(verification.unchained()).isEqualTo(1);
    assertThat(verification.summary()).endsWith("(1 older entries predate the chain)");
    assertThat(vault().audit().recent(3))
        .extracting(AuditEntry::name)
        .containsExactly("secret-1", "secret-0", "legacy");
  }

  @Test
  default void chain_survivesAReopen_andKeepsGrowingFromItsHead() {
    record(2);
    reopen(masterKey());
    record(2);

    ChainVerification verification = vault().audit().verify(Optional.empty());

    assertThat(verification.ok()).isTrue();
    assertThat(verification.checked()).isEqualTo(4);
  }
}
