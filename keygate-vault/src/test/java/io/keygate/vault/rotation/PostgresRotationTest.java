package io.keygate.vault.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.MutableClock;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rotation against a real PostgreSQL: the vault's store and the generator's target alike. */
class PostgresRotationTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final AtomicInteger ROLES = new AtomicInteger();
  private final MutableClock clock = new MutableClock(START);
  private final MasterKeySource key = TestVaults.randomKey();
  private String url;
  private String target;
  private VaultOptions options;
  private SecretVault vault;
  private Rotation rotation;

  @BeforeEach
  void open() {
    url = RotationPostgres.newDatabase();
    target = RotationPostgres.newDatabase().replaceFirst("\\?.*$", "");
    options = TestVaults.postgres(url, key, clock);
    vault = SecretVault.open(options);
    rotation = Rotation.open(vault, options);
  }

  @AfterEach
  void close() {
    rotation.close();
    vault.close();
  }

  @Test
  void singleRole_passwordChangesAtTheDatabase_andTheOldOneStopsWorking() throws Exception {
    String role = newRoles(1).get(0);
    vault.setSecret("default", "app-db", SetSecretRequest.of(SecretValue.of("initial-pw-0")));
    rotation.policies().set("default", "app-db", policy("\"role\": \"" + role + "\""));
    assertThat(canLogIn(role, "initial-pw-0")).isTrue();

    RotationRecord record = rotation.scheduler().rotateNow("default", "app-db");

    assertThat(record.outcome()).isEqualTo("Succeeded");
    SecretValue now = vault.getSecret("default", "app-db", Optional.empty()).value();
    assertThat(canLogIn(role, now.reveal())).isTrue();
    assertThat(canLogIn(role, "initial-pw-0")).isFalse();
  }

  @Test
  void wrongAdminPasswordInTheVault_failsTheRotation_andKeepsTheCurrentVersion() throws Exception {
    String role = newRoles(1).get(0);
    vault.setSecret("default", "pg-admin", SetSecretRequest.of(TestVaults.canary()));
    vault.setSecret("default", "app-db", SetSecretRequest.of(SecretValue.of("initial-pw-0")));
    rotation.policies().set("default", "app-db", policy("\"role\": \"" + role + "\""));

    RotationRecord record = rotation.scheduler().rotateNow("default", "app-db");

    assertThat(record.outcome()).isEqualTo("Failed");
    assertThat(record.error())
        .contains("ALTER ROLE " + role + " failed at the database (SQLState 28P01)");
    assertThat(vault.getSecret("default", "app-db", Optional.empty()).value().reveal())
        .isEqualTo("initial-pw-0");
    assertThat(canLogIn(role, "initial-pw-0")).isTrue();
  }

  @Test
  void twoRoles_alternate_soTheRoleInUseKeepsWorkingThroughTheRotation() throws Exception {
    List<String> roles = newRoles(2);
    vault.setSecret(
        "default",
        "app-db",
        SetSecretRequest.of(SecretValue.of("initial-pw-0"))
            .withTags(Map.of("keygate-credential", roles.get(0))));
    rotation
        .policies()
        .set(
            "default",
            "app-db",
            policy("\"credentials\": [\"" + roles.get(0) + "\", \"" + roles.get(1) + "\"]"));

    rotation.scheduler().rotateNow("default", "app-db");
    SecretProperties second = vault.getSecret("default", "app-db", Optional.empty()).properties();
    String secondValue = vault.getSecret("default", "app-db", Optional.empty()).value().reveal();
    assertThat(second.tags()).containsEntry("keygate-credential", roles.get(1));
    assertThat(canLogIn(roles.get(1), secondValue)).isTrue();
    assertThat(canLogIn(roles.get(0), "initial-pw-0")).isTrue();

    rotation.scheduler().rotateNow("default", "app-db");
    SecretProperties third = vault.getSecret("default", "app-db", Optional.empty()).properties();
    String thirdValue = vault.getSecret("default", "app-db", Optional.empty()).value().reveal();
    assertThat(third.tags()).containsEntry("keygate-credential", roles.get(0));
    assertThat(canLogIn(roles.get(0), thirdValue)).isTrue();
    assertThat(canLogIn(roles.get(0), "initial-pw-0")).isFalse();
    assertThat(canLogIn(roles.get(1), secondValue)).isTrue();
    assertThat(rotation.scheduler().history("default", "app-db", 10))
        .extracting(r -> r.credential().orElseThrow())
        .containsExactly(roles.get(0), roles.get(1));
  }

  @Test
  void crashAfterAlterRole_isRepairedByTheNextRun_andTheStoredPasswordWorks() throws Exception {
    String role = newRoles(1).get(0);
    vault.setSecret("default", "app-db", SetSecretRequest.of(SecretValue.of("initial-pw-0")));
    rotation.policies().set("default", "app-db", policy("\"role\": \"" + role + "\""));
    clock.advance(Duration.ofDays(30));
    rotation
        .scheduler()
        .crashHook(
            point -> {
              if (point.equals("afterApply")) {
                throw new RotationSchedulerTest.SimulatedCrash();
              }
            });
    assertThatThrownBy(() -> rotation.scheduler().runOnce(clock.instant()))
        .isInstanceOf(RotationSchedulerTest.SimulatedCrash.class);
    assertThat(canLogIn(role, "initial-pw-0")).isFalse();

    rotation.scheduler().crashHook(point -> {});
    assertThat(rotation.scheduler().runOnce(clock.instant()).rotated()).isEqualTo(1);
    SecretValue stored = vault.getSecret("default", "app-db", Optional.empty()).value();
    assertThat(canLogIn(role, stored.reveal())).isTrue();
    assertThat(vault.listVersions("default", "app-db", 25, Optional.empty()).items()).hasSize(2);
  }

  @Test
  void twoNodesSharingOnePostgres_rotateEachDueSecretExactlyOnce() throws Exception {
    for (int i = 0; i < 12; i++) {
      vault.setSecret("default", "s" + i, SetSecretRequest.of(TestVaults.canary()));
    }
    rotation
        .policies()
        .setDefault(
            "default",
            RotationPolicyJson.parse(
                "{\"lifetimeActions\": [{\"trigger\": {\"timeAfterCreate\": \"P30D\"}, \"action\": {\"type\": \"Rotate\"}}],"
                    + " \"generator\": {\"type\": \"random\"}}"));
    clock.advance(Duration.ofDays(30));
    try (SecretVault otherVault = SecretVault.open(options);
        Rotation other = Rotation.open(otherVault, options)) {
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<RotationScheduler.RunSummary> a =
          CompletableFuture.supplyAsync(
              () -> {
                await(go);
                return rotation.scheduler().runOnce(clock.instant());
              });
      CompletableFuture<RotationScheduler.RunSummary> b =
          CompletableFuture.supplyAsync(
              () -> {
                await(go);
                return other.scheduler().runOnce(clock.instant());
              });
      go.countDown();
      assertThat(a.get().rotated() + b.get().rotated()).isEqualTo(12);
      assertThat(a.get().failed() + b.get().failed()).isZero();
    }
    for (int i = 0; i < 12; i++) {
      assertThat(vault.listVersions("default", "s" + i, 25, Optional.empty()).items()).hasSize(2);
      assertThat(rotation.scheduler().history("default", "s" + i, 10)).hasSize(1);
    }
  }

  private RotationPolicy policy(String roleOrCredentials) {
    return RotationPolicyJson.parse(
        "{\"lifetimeActions\": [{\"trigger\": {\"timeAfterCreate\": \"P30D\"}, \"action\": {\"type\": \"Rotate\"}}],"
            + " \"generator\": {\"type\": \"postgres-password\", \"jdbcUrl\": \""
            + target
            + "\","
            + " \"adminUser\": \"rotator\", \"adminPassword\": \"pg-admin\", "
            + roleOrCredentials
            + "}}");
  }

  /** Creates {@code count} login roles with password initial-pw-0, and the admin role. */
  private List<String> newRoles(int count) throws SQLException {
    synchronized (PostgresRotationTest.class) {
      try {
        RotationPostgres.execute(
            "CREATE ROLE rotator LOGIN CREATEROLE PASSWORD 'rotator-admin-pw'");
      } catch (IllegalStateException exists) {
        // created by an earlier test of this JVM
      }
    }
    vault.setSecret("default", "pg-admin", SetSecretRequest.of(SecretValue.of("rotator-admin-pw")));
    List<String> roles = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String role = "app_" + ROLES.incrementAndGet();
      RotationPostgres.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'initial-pw-0'");
      roles.add(role);
    }
    return roles;
  }

  private boolean canLogIn(String role, String password) {
    try (Connection c =
        DriverManager.getConnection(target.replaceFirst("\\?.*$", ""), role, password)) {
      return c.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
