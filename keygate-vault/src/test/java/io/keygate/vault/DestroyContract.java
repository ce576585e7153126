package io.keygate.vault;

import static io.keygate.vault.Fixtures.assertFails;
import static io.keygate.vault.Fixtures.canary;
import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Destroying one version's value (Vault KV's destroy) while its metadata stays. */
interface DestroyContract extends VaultFixture {

  @Test
  default void aDestroyedVersion_isRefusedAndMarked_whileOtherVersionsStayReadable()
      throws Exception {
    SecretValue first = canary();
    SecretValue second = canary();
    String v1 = set("kv-app", first).properties().version();
    set("kv-app", second);
    List<SecretEvent> events = new CopyOnWriteArrayList<>();
    try (AutoCloseable subscription = vault().subscribe(events::add)) {
      SecretProperties destroyed = vault().destroyVersion(V, "kv-app", v1);
      assertThat(destroyed.destroyed()).isTrue();
    }

    assertFails(
        () -> vault().getSecret(V, "kv-app", Optional.of(v1)),
        403,
        "SecretDestroyed",
        "secret default/kv-app version " + v1 + " was destroyed");
    assertThat(get("kv-app").value()).isEqualTo(second);
    assertThat(vault().listVersions(V, "kv-app", 25, Optional.empty()).items())
        .extracting(SecretProperties::destroyed)
        .containsExactly(true, false);
    assertThat(events)
        .extracting(SecretEvent::type, SecretEvent::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SecretEvent.Type.DISABLED, v1));
  }

  @Test
  default void aDestroyedVersion_keepsAcceptingAttributeChanges_andStaysDestroyed() {
    String v1 = set("kv-attrs", canary()).properties().version();
    vault().destroyVersion(V, "kv-attrs", v1);
    vault().destroyVersion(V, "kv-attrs", v1);

    SecretProperties disabled =
        vault()
            .updateSecret(
                V, "kv-attrs", Optional.of(v1), UpdateSecretRequest.none().withEnabled(false));
    vault()
        .updateSecret(V, "kv-attrs", Optional.of(v1), UpdateSecretRequest.none().withEnabled(true));

    assertThat(disabled.destroyed()).isTrue();
    assertFails(
        () -> vault().getSecret(V, "kv-attrs", Optional.of(v1)),
        403,
        "SecretDestroyed",
        "secret default/kv-attrs version " + v1 + " was destroyed");
  }

  @Test
  default void destroyingAnUnknownVersion_isNotFound() {
    set("kv-known", canary());
    String unknown = "0".repeat(32);
    assertFails(
        () -> vault().destroyVersion(V, "kv-known", unknown),
        404,
        "SecretNotFound",
        "secret default/kv-known version " + unknown + " not found");
  }
}
