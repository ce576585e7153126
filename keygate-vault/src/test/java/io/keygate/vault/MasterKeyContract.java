package io.keygate.vault;

import static io.keygate.vault.Fixtures.canary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.secrets.SecretValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The master key: the key check at start, and rotation without downtime. */
interface MasterKeyContract extends VaultFixture {

  @Test
  default void wrongMasterKey_failsAtOnceWithAClearMessage() {
    set("guarded", canary());
    vault().close();

    assertThatThrownBy(() -> SecretVault.open(options(Fixtures.randomKey(), clock())))
        .isInstanceOf(VaultOpenException.class)
        .hasMessageStartingWith(
            "master key does not match this vault's data (key check failed); the key from key"
                + " material must be the one the vault at ")
        .hasMessageEndingWith("was created or last rotated with. Nothing was changed.");
    assertThat(reopen(masterKey()).getSecret(V, "guarded", Optional.empty()).properties().name())
        .isEqualTo("guarded");
  }

  @Test
  default void rotatedMasterKey_servesEveryValue_andTheOldKeyIsNoLongerNeeded() {
    List<SecretValue> values = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SecretValue value = canary();
      values.add(value);
      versions.add(set("rot-" + (i % 2), value).properties().version());
    }
    MasterKeySource oldKey = masterKey();
    MasterKeySource newKey = Fixtures.randomKey();

    MasterKeyRotation rotation = vault().rotateMasterKey(newKey);

    assertThat(rotation).isEqualTo(new MasterKeyRotation(5, 0));
    for (int i = 0; i < 5; i++) {
      assertThat(vault().getSecret(V, "rot-" + (i % 2), Optional.of(versions.get(i))).value())
          .isEqualTo(values.get(i));
    }
    reopen(newKey);
    for (int i = 0; i < 5; i++) {
      assertThat(vault().getSecret(V, "rot-" + (i % 2), Optional.of(versions.get(i))).value())
          .isEqualTo(values.get(i));
    }
    vault().close();
    assertThatThrownBy(() -> SecretVault.open(options(oldKey, clock())))
        .isInstanceOf(VaultOpenException.class)
        .hasMessageStartingWith("master key does not match this vault's data (key check failed)");
  }

  @Test
  default void readsAndWritesKeepWorking_whileTheMasterKeyRotates() throws Exception {
    SecretValue value = canary();
    for (int i = 0; i < 150; i++) {
      set("busy-" + i, value);
    }
    AtomicBoolean rotating = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              int i = 0;
              while (rotating.get() || reads.get() < 10) {
                assertThat(get("busy-" + (i++ % 150)).value()).isEqualTo(value);
                reads.incrementAndGet();
              }
            });
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > 0);
    MasterKeySource newKey = Fixtures.randomKey();

    vault().rotateMasterKey(newKey);
    rotating.set(false);
    reader.get();
    set("written-after", value);

    reopen(newKey);
    assertThat(get("busy-149").value()).isEqualTo(value);
    assertThat(get("written-after").value()).isEqualTo(value);
  }
}
