package io.keygate.vault.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.MutableClock;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.events.VaultEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotation across real processes sharing one PostgreSQL: two vault processes racing, and a vault
 * process killed with {@code kill -9} at each crash point, repaired by the next run elsewhere.
 */
class RotationProcessTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant DUE = START.plus(Duration.ofDays(30));
  private final MutableClock clock = new MutableClock(START);
  private String masterKey;
  private String url;
  private String target;
  private VaultOptions options;
  private SecretVault vault;
  private Rotation rotation;

  @BeforeEach
  void open() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    masterKey = Base64.getEncoder().encodeToString(bytes);
    url = RotationPostgres.newDatabase();
    target = RotationPostgres.newDatabase().replaceFirst("\\?.*$", "");
    options =
        TestVaults.postgres(url, MasterKeySource.keyMaterial(SecretValue.of(masterKey)), clock);
    vault = SecretVault.open(options);
    rotation = Rotation.open(vault, options);
  }

  @AfterEach
  void close() {
    rotation.close();
    vault.close();
  }

  @Test
  void twoVaultProcessesSharingOnePostgres_rotateEachDueSecretExactlyOnce() throws Exception {
    for (int i = 0; i < 8; i++) {
      vault.setSecret("default", "s" + i, SetSecretRequest.of(TestVaults.canary()));
    }
    rotation
        .policies()
        .setDefault(
            "default",
            RotationPolicyJson.parse(
                "{\"lifetimeActions\": [{\"trigger\": {\"timeAfterCreate\": \"P30D\"}, \"action\": {\"type\": \"Rotate\"}}],"
                    + " \"generator\": {\"type\": \"random\"}}"));
    Child a = Child.start(url, masterKey, DUE);
    Child b = Child.start(url, masterKey, DUE);
    a.awaitExit();
    b.awaitExit();
    assertThat(a.rotated() + b.rotated()).as(a.lines + " / " + b.lines).isEqualTo(8);
    for (int i = 0; i < 8; i++) {
      assertThat(vault.listVersions("default", "s" + i, 25, Optional.empty()).items()).hasSize(2);
      assertThat(rotation.scheduler().history("default", "s" + i, 10)).hasSize(1);
    }
  }

  @Test
  void kill9BetweenAlterRoleAndStore_isRepairedByTheNextRunOfAnotherProcess() throws Exception {
    String role = "kill_app_" + System.nanoTime();
    try {
      RotationPostgres.execute(
          "CREATE ROLE kill_rotator LOGIN CREATEROLE PASSWORD 'kill-rotator-pw'");
    } catch (IllegalStateException exists) {
      // created by an earlier run in this JVM
    }
    RotationPostgres.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'initial-pw-0'");
    vault.setSecret("default", "pg-admin", SetSecretRequest.of(SecretValue.of("kill-rotator-pw")));
    vault.setSecret("default", "app-db", SetSecretRequest.of(SecretValue.of("initial-pw-0")));
    rotation
        .policies()
        .set(
            "default",
            "app-db",
            RotationPolicyJson.parse(
                "{\"lifetimeActions\": [{\"trigger\": {\"timeAfterCreate\": \"P30D\"}, \"action\": {\"type\": \"Rotate\"}}],"
                    + " \"generator\": {\"type\": \"postgres-password\", \"jdbcUrl\": \""
                    + target
                    + "\","
                    + " \"adminUser\": \"kill_rotator\", \"adminPassword\": \"pg-admin\", \"role\": \""
                    + role
                    + "\"}}"));

    Child child = Child.start(url, masterKey, DUE, "afterApply");
    child.awaitLine("AT afterApply");
    child.kill();
    assertThat(canLogIn(role, "initial-pw-0")).as(String.join("\n", child.lines)).isFalse();
    assertThat(vault.listVersions("default", "app-db", 25, Optional.empty()).items()).hasSize(1);

    // The killed node's lease (5 minutes) must run out before another node takes over.
    assertThat(rotation.scheduler().runOnce(DUE).rotated()).isZero();
    assertThat(rotation.scheduler().runOnce(DUE.plus(Duration.ofMinutes(5))).rotated())
        .isEqualTo(1);
    String stored = vault.getSecret("default", "app-db", Optional.empty()).value().reveal();
    assertThat(canLogIn(role, stored)).isTrue();
    assertThat(vault.listVersions("default", "app-db", 25, Optional.empty()).items()).hasSize(2);
  }

  @Test
  void kill9BetweenStoreAndPublish_isCompletedWithoutASecondRotation() throws Exception {
    vault.setSecret("default", "api", SetSecretRequest.of(TestVaults.canary()));
    rotation
        .policies()
        .set(
            "default",
            "api",
            RotationPolicyJson.parse(
                "{\"lifetimeActions\": [{\"trigger\": {\"timeAfterCreate\": \"P30D\"}, \"action\": {\"type\": \"Rotate\"}}],"
                    + " \"generator\": {\"type\": \"apikey\"}}"));
    Child child = Child.start(url, masterKey, DUE, "afterStore");
    child.awaitLine("AT afterStore");
    child.kill();
    List<io.keygate.vault.SecretProperties> versions =
        vault.listVersions("default", "api", 25, Optional.empty()).items();
    assertThat(versions).hasSize(2);
    assertThat(rotation.scheduler().history("default", "api", 10)).isEmpty();

    assertThat(rotation.scheduler().runOnce(DUE.plus(Duration.ofMinutes(5))).rotated())
        .isEqualTo(1);
    assertThat(vault.listVersions("default", "api", 25, Optional.empty()).items()).hasSize(2);
    assertThat(rotation.scheduler().history("default", "api", 10))
        .extracting(r -> r.newVersion().orElseThrow())
        .containsExactly(versions.get(1).version());
    assertThat(rotation.events().after(0, 100))
        .filteredOn(e -> e.type().equals(VaultEvent.NEW_VERSION_CREATED))
        .extracting(VaultEvent::version)
        .containsExactly(versions.get(0).version(), versions.get(1).version());
  }

  private boolean canLogIn(String role, String password) {
    try (Connection c = DriverManager.getConnection(target, role, password)) {
      return c.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  /** A child JVM running {@link RotationNodeMain}. */
  private static final class Child {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();

    private Child(Process process) {
      this.process = process;
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try (BufferedReader reader =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                  }
                } catch (java.io.IOException ignored) {
                  // killed: the stream ends
                }
              });
    }

    static Child start(String url, String masterKey, Instant now, String... stopAt)
        throws Exception {
      List<String> command =
          new java.util.ArrayList<>(
              List.of(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  RotationNodeMain.class.getName(),
                  url,
                  Long.toString(now.getEpochSecond())));
      command.addAll(List.of(stopAt));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put(MasterKeySource.ENVIRONMENT_VARIABLE, masterKey);
      return new Child(builder.start());
    }

    void awaitLine(String line) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> lines.contains(line) || !process.isAlive());
      assertThat(lines).as(String.join("\n", lines)).contains(line);
    }

    void awaitExit() throws InterruptedException {
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> lines.stream().anyMatch(l -> l.startsWith("RAN ")));
    }

    int rotated() {
      String ran = lines.stream().filter(l -> l.startsWith("RAN ")).findFirst().orElseThrow();
      return Integer.parseInt(ran.replaceAll(".*rotated=(\\d+).*", "$1"));
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
