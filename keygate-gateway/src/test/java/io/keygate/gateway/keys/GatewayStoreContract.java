package io.keygate.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.gateway.ratelimit.QuotaLedger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every gateway database (SQLite, PostgreSQL) must do for keys and quotas. */
abstract class GatewayStoreContract {
  private static final long DAY_MS = Duration.ofDays(1).toMillis();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final KeyHasher hasher = new KeyHasher(new byte[32]);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private String url;

  /** A JDBC URL of an empty database. */
  abstract String newDatabaseUrl() throws Exception;

  @BeforeEach
  void newDatabase() throws Exception {
    url = newDatabaseUrl();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private GatewayDatabase db() {
    return track(GatewayDatabase.open(url, null, null));
  }

  private ApiKeys keys(GatewayDatabase db) {
    return track(ApiKeys.open(db, hasher, clock, Duration.ofHours(1)));
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  @Test
  void createdKey_isAcceptedWithItsPolicyAndAlias() {
    ApiKeys keys = keys(db());
    CreatedKey created = keys.create("gold", "billing-app", null);

    KeyVerification v = keys.verify(created.key().reveal());

    assertThat(v.accepted()).isTrue();
    assertThat(v.identity().principals()).containsExactly("key:" + created.info().id());
    assertThat(v.identity().consumer()).isEqualTo("billing-app");
    assertThat(v.identity().policy()).isEqualTo("gold");
  }

  @Test
  void keyWithoutAlias_isNamedByItsId() {
    ApiKeys keys = keys(db());
    CreatedKey created = keys.create("gold", null, null);

    assertThat(keys.verify(created.key().reveal()).identity().consumer())
        .isEqualTo(created.info().id());
  }

  @Test
  void createdKey_hasTheDocumentedShape() {
    CreatedKey created = keys(db()).create("gold", null, null);

    assertThat(created.key().reveal())
        .matches("kg_[a-z2-9]{16}_[A-Za-z0-9_-]{43}")
        .startsWith("kg_" + created.info().id() + "_");
    assertThat(created.key().toString()).isEqualTo("[redacted]");
  }

  @Test
  void storedRow_holdsOnlyTheHmacOfTheKey() throws SQLException {
    GatewayDatabase db = db();
    CreatedKey created = keys(db).create("gold", "a", null);
    String key = created.key().reveal();
    String secretPart = key.substring(key.indexOf('_', 3) + 1);

    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM gateway_api_key")) {
      assertThat(rs.next()).isTrue();
      for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
        String value = rs.getString(col);
        if (value != null) {
          assertThat(value).doesNotContain(secretPart);
        }
      }
      assertThat(rs.getString("key_hash"))
          .isEqualTo(java.util.HexFormat.of().formatHex(hasher.hash(key)));
    }
  }

  @Test
  void wrongSecretForAKnownId_isUnknown() {
    ApiKeys keys = keys(db());
    String key = keys.create("gold", null, null).key().reveal();
    char last = key.charAt(key.length() - 1);
    String tampered = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(keys.verify(tampered).outcome()).isEqualTo(KeyVerification.Outcome.UNKNOWN);
  }

  @Test
  void malformedKeys_areUnknown() {
    ApiKeys keys = keys(db());
    keys.create("gold", null, null);

    for (String bad : new String[] {"", "kg_", "Bearer x", "kg_short_x", "x".repeat(5000)}) {
      assertThat(keys.verify(bad).outcome()).isEqualTo(KeyVerification.Outcome.UNKNOWN);
    }
    assertThat(keys.verify(null).outcome()).isEqualTo(KeyVerification.Outcome.UNKNOWN);
  }

  @Test
  void revokedKey_isRefusedAtOnce_andStillAfterReopening() {
    GatewayDatabase db = db();
    ApiKeys keys = keys(db);
    CreatedKey created = keys.create("gold", null, null);
    String key = created.key().reveal();

    assertThat(keys.revoke(created.info().id())).get().extracting(ApiKeyInfo::revoked).isNotNull();
    assertThat(keys.verify(key).outcome()).isEqualTo(KeyVerification.Outcome.REVOKED);

    ApiKeys reopened = keys(db());
    assertThat(reopened.verify(key).outcome()).isEqualTo(KeyVerification.Outcome.REVOKED);
  }

  @Test
  void revokingAnUnknownKey_findsNothing() {
    assertThat(keys(db()).revoke("nosuchkey")).isEmpty();
  }

  @Test
  void expiredKey_isRefused() {
    ApiKeys keys = keys(db());
    String key = keys.create("gold", null, Duration.ofDays(30)).key().reveal();

    clock.advance(Duration.ofDays(30).minusSeconds(1));
    assertThat(keys.verify(key).accepted()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(keys.verify(key).outcome()).isEqualTo(KeyVerification.Outcome.EXPIRED);
  }

  @Test
  void keyCreatedOnAnotherNode_isAcceptedAfterRefresh_andRevokedThereToo() {
    ApiKeys nodeA = keys(db());
    ApiKeys nodeB = keys(db());
    CreatedKey created = nodeA.create("gold", null, null);
    String key = created.key().reveal();
    assertThat(nodeB.verify(key).outcome()).isEqualTo(KeyVerification.Outcome.UNKNOWN);

    nodeB.refresh();
    assertThat(nodeB.verify(key).accepted()).isTrue();

    nodeA.revoke(created.info().id());
    nodeB.refresh();
    assertThat(nodeB.verify(key).outcome()).isEqualTo(KeyVerification.Outcome.REVOKED);
  }

  @Test
  void refreshing_keepsUnchangedKeysAsTheyAre() {
    clock.advance(Duration.ofNanos(123_456_789));
    ApiKeys keys = keys(db());
    String key = keys.create("gold", null, null).key().reveal();
    var before = keys.verify(key).completedIdentity();
    keys.flush();

    keys.refresh();

    assertThat(keys.verify(key).completedIdentity()).isSameAs(before);
  }

  @Test
  void lastUsed_isWrittenBehind_andSurvivesReopening() {
    ApiKeys keys = keys(db());
    CreatedKey created = keys.create("gold", null, null);
    assertThat(keys.find(created.info().id()).orElseThrow().lastUsed()).isNull();

    keys.verify(created.key().reveal());

    Instant used = clock.instant();
    assertThat(keys.find(created.info().id()).orElseThrow().lastUsed()).isEqualTo(used);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(keys(db()).find(created.info().id()).orElseThrow().lastUsed())
                    .isEqualTo(used));
  }

  @Test
  void list_showsMetadataOldestFirst() {
    ApiKeys keys = keys(db());
    CreatedKey first = keys.create("gold", "first", null);
    clock.advance(Duration.ofSeconds(1));
    CreatedKey second = keys.create("silver", "second", Duration.ofDays(1));

    assertThat(keys(db()).list())
        .extracting(ApiKeyInfo::id, ApiKeyInfo::alias, ApiKeyInfo::policy, ApiKeyInfo::expires)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(first.info().id(), "first", "gold", null),
            org.assertj.core.groups.Tuple.tuple(
                second.info().id(), "second", "silver", clock.instant().plus(Duration.ofDays(1))));
  }

  @Test
  void quota_isNotResetByReopening() {
    QuotaLedger ledger = track(QuotaLedger.open(db(), clock));
    for (int i = 0; i < 3; i++) {
      assertThat(ledger.tryConsume("gold", "key:a", 5, DAY_MS)).isEqualTo(4 - i);
    }
    ledger.close();

    QuotaLedger reopened = track(QuotaLedger.open(db(), clock));
    assertThat(reopened.used("gold", "key:a")).isEqualTo(3);
    assertThat(reopened.tryConsume("gold", "key:a", 5, DAY_MS)).isEqualTo(1);
    assertThat(reopened.tryConsume("gold", "key:a", 5, DAY_MS)).isZero();
    assertThat(reopened.tryConsume("gold", "key:a", 5, DAY_MS)).isEqualTo(QuotaLedger.EXHAUSTED);
  }

  @Test
  void quota_isFlushedWithinASecondWithoutClosing() {
    QuotaLedger ledger = track(QuotaLedger.open(db(), clock));
    ledger.tryConsume("gold", "key:a", 5, DAY_MS);
    ledger.tryConsume("gold", "key:a", 5, DAY_MS);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(track(QuotaLedger.open(db(), clock)).used("gold", "key:a"))
                    .isEqualTo(2));
  }

  @Test
  void quota_renewsWhenItsWindowEnds() {
    QuotaLedger ledger = track(QuotaLedger.open(db(), clock));
    ledger.tryConsume("gold", "key:a", 1, DAY_MS);
    assertThat(ledger.tryConsume("gold", "key:a", 1, DAY_MS)).isEqualTo(QuotaLedger.EXHAUSTED);

    clock.advance(Duration.ofMillis(ledger.millisUntilRenewal(DAY_MS)));

    assertThat(ledger.tryConsume("gold", "key:a", 1, DAY_MS)).isZero();
    ledger.close();
    assertThat(track(QuotaLedger.open(db(), clock)).used("gold", "key:a")).isEqualTo(1);
  }

  @Test
  void quotaCountsOfTwoNodes_addUp() {
    QuotaLedger nodeA = track(QuotaLedger.open(db(), clock));
    QuotaLedger nodeB = track(QuotaLedger.open(db(), clock));
    nodeA.tryConsume("gold", "key:a", 10, DAY_MS);
    nodeA.tryConsume("gold", "key:a", 10, DAY_MS);
    nodeB.tryConsume("gold", "key:a", 10, DAY_MS);
    nodeA.flush();
    nodeB.flush();

    assertThat(nodeB.used("gold", "key:a")).isEqualTo(3);
    assertThat(track(QuotaLedger.open(db(), clock)).used("gold", "key:a")).isEqualTo(3);
  }

  @Test
  void aCreationTheTrailRefuses_leavesNoRow() throws SQLException {
    GatewayDatabase db = db();
    ApiKeys keys =
        track(
            ApiKeys.open(
                db,
                hasher,
                clock,
                Duration.ofHours(1),
                event -> {
                  throw new IllegalStateException("trail down");
                }));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> keys.create("gold", "a", null))
        .isInstanceOf(KeyAuditException.class);

    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM gateway_api_key")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void aKeyCreatedOnOneNodeAndRevokedOnAnother_isRecordedWithItsMetadataByBoth() {
    List<KeyAuditEvent> trail = new java.util.concurrent.CopyOnWriteArrayList<>();
    ApiKeys nodeA = track(ApiKeys.open(db(), hasher, clock, Duration.ofHours(1), trail::add));
    ApiKeys nodeB = track(ApiKeys.open(db(), hasher, clock, Duration.ofHours(1), trail::add));
    CreatedKey created =
        nodeA.create(KeyActor.admin("admin-api", "a"), "gold", "billing", Duration.ofDays(1));

    nodeB.revoke(KeyActor.admin("admin-api", "b"), created.info().id());

    String subject =
        created.info().id() + " alias=billing policy=gold expires=2026-03-02T10:00:00Z";
    assertThat(trail)
        .extracting(KeyAuditEvent::action, KeyAuditEvent::subject, e -> e.actor().requestId())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CREATE_API_KEY", subject, "a"),
            org.assertj.core.groups.Tuple.tuple("REVOKE_API_KEY", subject, "b"));
  }
}
