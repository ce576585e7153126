package io.keygate.vault.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.MutableClock;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultException;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.events.VaultEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class RotationSchedulerTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final String POLICY =
      """
      {"lifetimeActions": [{"trigger": {"timeAfterCreate": "P30D"}, "action": {"type": "Rotate"}}],
       "attributes": {"expiryTime": "P90D"}, "overlap": "P1D",
       "generator": {"type": "random", "length": 32, "prefix": "pw_"}}
      """;

  @TempDir Path temporary;
  private final MutableClock clock = new MutableClock(START);
  private final List<SecretEvent> seen = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private VaultOptions options;
  private SecretVault vault;
  private Rotation rotation;

  @BeforeEach
  void open() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    options = TestVaults.sqlite(temporary.resolve("data"), clock);
    vault = SecretVault.open(options);
    rotation = Rotation.open(vault, options);
    vault.subscribe(seen::add);
    rotation.scheduler().subscribe(seen::add);
  }

  @AfterEach
  void close() throws Exception {
    rotation.close();
    vault.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    assertNoCanaryAnywhere();
  }

  @Test
  void dueSecret_isRotatedOnce_previousVersionStaysEnabledForTheOverlap_thenIsDisabled() {
    String first =
        vault
            .setSecret("default", "Db-Password", SetSecretRequest.of(TestVaults.canary()))
            .properties()
            .version();
    rotation.policies().set("default", "db-password", RotationPolicyJson.parse(POLICY));

    clock.advance(Duration.ofDays(29));
    assertThat(rotation.scheduler().runOnce(clock.instant()).rotated()).isZero();

    clock.advance(Duration.ofDays(1));
    assertThat(rotation.scheduler().runOnce(clock.instant()).rotated()).isEqualTo(1);
    assertThat(rotation.scheduler().runOnce(clock.instant()).rotated()).isZero();

    List<SecretProperties> versions = versions("Db-Password");
    assertThat(versions).hasSize(2);
    SecretProperties rotated = versions.get(1);
    assertThat(vault.getSecret("default", "db-password", Optional.empty()).properties().version())
        .isEqualTo(rotated.version());
    assertThat(vault.getSecret("default", "db-password", Optional.empty()).value().reveal())
        .startsWith("pw_")
        .hasSize(35);
    assertThat(rotated.expires()).contains(clock.instant().plus(Duration.ofDays(90)));
    assertThat(versions.get(0).enabled()).isTrue();

    clock.advance(Duration.ofHours(23));
    assertThat(rotation.scheduler().runOnce(clock.instant()).disabled()).isZero();
    clock.advance(Duration.ofHours(1));
    assertThat(rotation.scheduler().runOnce(clock.instant()).disabled()).isEqualTo(1);
    assertThat(versions("Db-Password").get(0).enabled()).isFalse();
    assertThat(versions("Db-Password")).hasSize(2);

    RotationRecord record = rotation.scheduler().history("default", "DB-PASSWORD", 10).get(0);
    assertThat(record.outcome()).isEqualTo("Succeeded");
    assertThat(record.trigger()).isEqualTo("timeAfterCreate");
    assertThat(record.previousVersion()).contains(first);
    assertThat(record.newVersion()).contains(rotated.version());
    assertThat(vault.audit().recent(50))
        .filteredOn(e -> e.action().equals("ROTATE"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo("allowed");
              assertThat(e.onBehalfOf()).isEqualTo("system:rotation-scheduler");
              assertThat(e.version()).isEqualTo(rotated.version());
              assertThat(e.requestId()).isEqualTo(record.id());
            });
    assertThat(seen)
        .extracting(SecretEvent::type)
        .containsSubsequence(
            SecretEvent.Type.ROTATING, SecretEvent.Type.NEW_VERSION, SecretEvent.Type.DISABLED);
    assertThat(rotation.events().after(0, 100))
        .extracting(VaultEvent::type)
        .containsSubsequence(
            "SecretNewVersionCreated",
            "SecretRotating",
            "SecretNewVersionCreated",
            "SecretDisabled");
    VaultEvent created =
        rotation.events().after(0, 100).stream()
            .filter(e -> e.version().equals(rotated.version()))
            .filter(e -> e.type().equals("SecretNewVersionCreated"))
            .findFirst()
            .orElseThrow();
    assertThat(created.expires()).isEqualTo(rotated.expires());
  }

  @Test
  void vaultDefaultPolicy_appliesToSecretsWithoutTheirOwn() {
    vault.setSecret("default", "a", SetSecretRequest.of(TestVaults.canary()));
    vault.setSecret("default", "b", SetSecretRequest.of(TestVaults.canary()));
    rotation.policies().setDefault("default", RotationPolicyJson.parse(POLICY));
    rotation
        .policies()
        .set("default", "b", RotationPolicyJson.parse(POLICY.replace("P30D", "P60D")));
    clock.advance(Duration.ofDays(31));
    assertThat(rotation.scheduler().runOnce(clock.instant()).rotated()).isEqualTo(1);
    assertThat(versions("a")).hasSize(2);
    assertThat(versions("b")).hasSize(1);
    assertThat(rotation.policies().effective("default", "a"))
        .isEqualTo(rotation.policies().getDefault("default"));
  }

  @Test
  void failedRotation_keepsTheCurrentVersion_isRecordedAndRaised_andRetriedWithBackOff() {
    SecretValue original = TestVaults.canary();
    vault.setSecret("default", "hook", SetSecretRequest.of(original));
    vault.setSecret("default", "hook-hmac", SetSecretRequest.of(TestVaults.canary()));
    rotation
        .policies()
        .set(
            "default",
            "hook",
            RotationPolicyJson.parse(
                POLICY.replace(
                    "{\"type\": \"random\", \"length\": 32, \"prefix\": \"pw_\"}",
                    "{\"type\": \"webhook\", \"url\": \"http://127.0.0.1:1/rotate\", \"hmacKey\": \"hook-hmac\","
                        + " \"allowInsecureLoopback\": true, \"retries\": 0}")));
    clock.advance(Duration.ofDays(30));
    assertThat(rotation.scheduler().runOnce(clock.instant()).failed()).isEqualTo(1);
    assertThat(vault.getSecret("default", "hook", Optional.empty()).value()).isEqualTo(original);
    assertThat(versions("hook")).hasSize(1).allMatch(SecretProperties::enabled);

    RotationRecord failure = rotation.scheduler().history("default", "hook", 10).get(0);
    assertThat(failure.outcome()).isEqualTo("Failed");
    assertThat(failure.error())
        .contains("rotation webhook http://127.0.0.1:1/rotate failed: ConnectException");
    assertThat(rotation.scheduler().failureCount()).isEqualTo(1);
    assertThat(vault.audit().recent(50))
        .filteredOn(e -> e.action().equals("ROTATE"))
        .extracting(e -> e.outcome() + " " + e.code())
        .containsExactly("error RotationFailed");
    assertThat(rotation.events().after(0, 100))
        .extracting(VaultEvent::type)
        .contains("SecretRotationFailed");
    // In process too: a gateway waiting for the new version learns that none is coming.
    assertThat(seen)
        .extracting(SecretEvent::type)
        .containsSubsequence(SecretEvent.Type.ROTATING, SecretEvent.Type.ROTATION_FAILED);

    clock.advance(Duration.ofSeconds(59));
    assertThat(rotation.scheduler().runOnce(clock.instant()).failed()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(rotation.scheduler().runOnce(clock.instant()).failed()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(119));
    assertThat(rotation.scheduler().runOnce(clock.instant()).failed()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(rotation.scheduler().runOnce(clock.instant()).failed()).isEqualTo(1);
    assertThat(rotation.scheduler().history("default", "hook", 10))
        .extracting(RotationRecord::trigger)
        .containsExactly("retry", "retry", "timeAfterCreate");
  }

  @Test
  void crashBetweenApplyAndStore_isRepairedByTheNextRun() {
    vault.setSecret("default", "s", SetSecretRequest.of(TestVaults.canary()));
    rotation.policies().set("default", "s", RotationPolicyJson.parse(POLICY));
    clock.advance(Duration.ofDays(30));
    rotation
        .scheduler()
        .crashHook(
            point -> {
              if (point.equals("afterApply")) {
                throw new SimulatedCrash();
              }
            });
    assertThatThrownBy(() -> rotation.scheduler().runOnce(clock.instant()))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(versions("s")).hasSize(1);

    rotation.scheduler().crashHook(point -> {});
    assertThat(rotation.scheduler().runOnce(clock.instant()).rotated()).isEqualTo(1);
    assertThat(versions("s")).hasSize(2);
    assertThat(rotation.scheduler().runOnce(clock.instant()).rotated()).isZero();
  }

  @Test
  void crashBetweenStoreAndPublish_isCompletedByTheNextRunOfAnotherNode() throws Exception {
    vault.setSecret("default", "s", SetSecretRequest.of(TestVaults.canary()));
    rotation.policies().set("default", "s", RotationPolicyJson.parse(POLICY));
    clock.advance(Duration.ofDays(30));
    rotation
        .scheduler()
        .crashHook(
            point -> {
              if (point.equals("afterStore")) {
                throw new SimulatedCrash();
              }
            });
    assertThatThrownBy(() -> rotation.scheduler().runOnce(clock.instant()))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(versions("s")).hasSize(2);
    assertThat(rotation.scheduler().history("default", "s", 10)).isEmpty();
    rotation.close();

    // Another node takes over once the crashed node's lease has run out.
    rotation = Rotation.open(vault, options);
    assertThat(rotation.scheduler().runOnce(clock.instant()).rotated()).isZero();
    clock.advance(Duration.ofMinutes(5));
    assertThat(rotation.scheduler().runOnce(clock.instant()).rotated()).isEqualTo(1);
    assertThat(versions("s")).hasSize(2);
    RotationRecord record = rotation.scheduler().history("default", "s", 10).get(0);
    assertThat(record.newVersion()).contains(versions("s").get(1).version());
    assertThat(rotation.events().after(0, 100))
        .filteredOn(e -> e.type().equals("SecretNewVersionCreated"))
        .extracting(VaultEvent::version)
        .containsExactly(versions("s").get(0).version(), versions("s").get(1).version());
  }

  @Test
  void nearExpiryAndExpiry_areRaisedOncePerVersion() {
    vault.setSecret(
        "default",
        "cert",
        SetSecretRequest.of(TestVaults.canary()).withExpires(START.plus(Duration.ofDays(40))));
    assertThat(rotation.scheduler().runOnce(clock.instant()).notified()).isZero();
    clock.advance(Duration.ofDays(10));
    assertThat(rotation.scheduler().runOnce(clock.instant()).notified()).isEqualTo(1);
    assertThat(rotation.scheduler().runOnce(clock.instant()).notified()).isZero();
    clock.advance(Duration.ofDays(30));
    assertThat(rotation.scheduler().runOnce(clock.instant()).notified()).isEqualTo(1);
    assertThat(rotation.scheduler().runOnce(clock.instant()).notified()).isZero();
    assertThat(rotation.events().after(0, 100))
        .extracting(VaultEvent::type)
        .containsExactly("SecretNewVersionCreated", "SecretNearExpiry", "SecretExpired");
    assertThat(seen)
        .extracting(SecretEvent::type)
        .containsSubsequence(SecretEvent.Type.NEAR_EXPIRY, SecretEvent.Type.EXPIRED);
  }

  @Test
  void rotateNow_rotatesAtOnce_andNeedsAPolicyWithAGenerator() {
    vault.setSecret("default", "k", SetSecretRequest.of(TestVaults.canary()));
    assertThatThrownBy(() -> rotation.scheduler().rotateNow("default", "k"))
        .isInstanceOf(VaultException.BadParameter.class)
        .hasMessage("secret default/k has no rotation policy with a generator");
    assertThatThrownBy(() -> rotation.scheduler().rotateNow("default", "nope"))
        .isInstanceOf(VaultException.NotFound.class)
        .hasMessage("secret default/nope not found");
    rotation
        .policies()
        .set(
            "default",
            "k",
            RotationPolicyJson.parse(
                "{\"generator\": {\"type\": \"apikey\", \"prefix\": \"kg_live_\"}, \"overlap\": \"PT0S\"}"));
    RotationRecord record = rotation.scheduler().rotateNow("default", "K");
    assertThat(record.outcome()).isEqualTo("Succeeded");
    assertThat(record.trigger()).isEqualTo("manual");
    assertThat(vault.getSecret("default", "k", Optional.empty()).value().reveal())
        .startsWith("kg_live_");
    rotation.scheduler().runOnce(clock.instant());
    assertThat(versions("k").get(0).enabled()).isFalse();
  }

  private List<SecretProperties> versions(String name) {
    return vault.listVersions("default", name, 25, Optional.empty()).items();
  }

  private void assertNoCanaryAnywhere() throws Exception {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      lines.add(
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage()));
    }
    byte[] db = Files.readAllBytes(temporary.resolve("data").resolve("vault.db"));
    String dbText = new String(db, java.nio.charset.StandardCharsets.ISO_8859_1);
    Path wal = temporary.resolve("data").resolve("vault.db-wal");
    if (Files.exists(wal)) {
      dbText += new String(Files.readAllBytes(wal), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    for (String canary : TestVaults.CANARIES) {
      assertThat(lines).noneMatch(line -> line.contains(canary));
      assertThat(dbText).doesNotContain(canary);
    }
    for (String line : lines) {
      assertThat(line)
          .doesNotContainPattern("pw_[A-Za-z0-9]{32}")
          .doesNotContainPattern("kg_live_[A-Za-z0-9_-]{20}");
    }
  }

  /** Stands in for a kill -9: an Error that no catch in the scheduler handles. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("simulated crash");
    }
  }
}
