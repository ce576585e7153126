package io.keygate.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ApiKeys} records every change in its {@link KeyAudit}, and fails closed without it. */
class KeyAuditTest {
  private static final KeyActor ADMIN = KeyActor.admin("admin-api", "req-1");
  private static final Instant START = Instant.parse("2026-11-29T09:00:00Z");

  @TempDir Path data;
  private final List<KeyAuditEvent> trail = new CopyOnWriteArrayList<>();
  private final AtomicBoolean trailDown = new AtomicBoolean();
  private final MutableClock clock = new MutableClock(START);
  private GatewayDatabase db;
  private ApiKeys keys;

  @BeforeEach
  void open() {
    db = GatewayDatabase.sqlite(data);
    KeyAudit audit =
        event -> {
          if (trailDown.get()) {
            throw new IllegalStateException("trail down");
          }
          trail.add(event);
        };
    keys = ApiKeys.open(db, new KeyHasher(new byte[32]), clock, Duration.ofHours(1), audit);
  }

  @AfterEach
  void close() {
    keys.close();
    db.close();
  }

  @Test
  void createAndRevoke_areRecordedWithIdAliasPolicyAndExpiry_neverTheKey() {
    CreatedKey created = keys.create(ADMIN, "standard", "shop", Duration.ofDays(30));
    String id = created.info().id();
    keys.revoke(ADMIN, id);

    assertThat(trail)
        .extracting(KeyAuditEvent::action, KeyAuditEvent::outcome, KeyAuditEvent::subject)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "CREATE_API_KEY",
                "allowed",
                id + " alias=shop policy=standard expires=2026-12-29T09:00:00Z"),
            org.assertj.core.groups.Tuple.tuple(
                "REVOKE_API_KEY",
                "allowed",
                id + " alias=shop policy=standard expires=2026-12-29T09:00:00Z"));
    assertThat(trail).allSatisfy(e -> assertThat(e.actor()).isEqualTo(ADMIN));
    assertThat(trail.get(0).time()).isEqualTo(START);
    String secret = created.key().reveal().substring(created.key().reveal().indexOf('_', 3) + 1);
    assertThat(trail)
        .allSatisfy(e -> assertThat(e.jsonLine() + e.subject()).doesNotContain(secret));
  }

  @Test
  void revokingARevokedKey_keepsTheFirstRevocation_andRecordsNothingNew() {
    String id = keys.create(ADMIN, "standard", "shop", null).info().id();
    Instant first = keys.revoke(ADMIN, id).orElseThrow().revoked();
    clock.advance(Duration.ofMinutes(5));

    assertThat(keys.revoke(ADMIN, id).orElseThrow().revoked()).isEqualTo(first);
    assertThat(trail)
        .extracting(KeyAuditEvent::action)
        .containsExactly("CREATE_API_KEY", "REVOKE_API_KEY");
  }

  @Test
  void aCreationTheTrailCannotRecord_isRefusedAndTakenBack() {
    trailDown.set(true);

    assertThatThrownBy(() -> keys.create(ADMIN, "standard", "shop", null))
        .isInstanceOf(KeyAuditException.class)
        .hasMessage("the API key was not created: the audit trail could not record it");

    assertThat(keys.list()).isEmpty();
    try (ApiKeys reopened = ApiKeys.open(db, new KeyHasher(new byte[32]))) {
      assertThat(reopened.list()).isEmpty();
    }
  }

  @Test
  void aRevocationTheTrailCannotRecord_isReportedAsFailed_butTheKeyStaysRevoked() {
    CreatedKey created = keys.create(ADMIN, "standard", null, null);
    trailDown.set(true);

    assertThatThrownBy(() -> keys.revoke(ADMIN, created.info().id()))
        .isInstanceOf(KeyAuditException.class)
        .hasMessage(
            "API key "
                + created.info().id()
                + " is revoked, but the audit trail could not record it");

    assertThat(keys.verify(created.key().reveal()).outcome())
        .isEqualTo(KeyVerification.Outcome.REVOKED);
  }

  @Test
  void refusedChanges_areRecordedAsErrors_withoutWhatWasNotAKeyId() {
    CreatedKey created = keys.create(ADMIN, "standard", null, null);
    trail.clear();

    assertThat(keys.revoke(ADMIN, "nosuchkey")).isEmpty();
    assertThat(keys.revoke(ADMIN, created.key().reveal())).isEmpty();
    assertThatThrownBy(() -> keys.create(ADMIN, "standard", "bad alias", null))
        .isInstanceOf(IllegalArgumentException.class);
    keys.refusedCreation(ADMIN, "gold", "shop", "UnknownPolicy");

    assertThat(trail)
        .extracting(
            KeyAuditEvent::action, KeyAuditEvent::subject, KeyAuditEvent::outcome, e -> e.code())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "REVOKE_API_KEY",
                "nosuchkey alias=- policy=- expires=never",
                "error",
                "KeyNotFound"),
            org.assertj.core.groups.Tuple.tuple(
                "REVOKE_API_KEY",
                "(invalid) alias=- policy=- expires=never",
                "error",
                "KeyNotFound"),
            org.assertj.core.groups.Tuple.tuple(
                "CREATE_API_KEY",
                "- alias=(invalid) policy=standard expires=never",
                "error",
                "BadParameter"),
            org.assertj.core.groups.Tuple.tuple(
                "CREATE_API_KEY",
                "- alias=shop policy=gold expires=never",
                "error",
                "UnknownPolicy"));
  }

  @Test
  void aRefusalTheTrailCannotRecord_failsToo() {
    trailDown.set(true);

    assertThatThrownBy(() -> keys.revoke(ADMIN, "nosuchkey"))
        .isInstanceOf(KeyAuditException.class)
        .hasMessage("the audit trail could not record the request");
  }
}
