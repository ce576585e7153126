package io.keygate.sources.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.secrets.SecretEvent;
import io.keygate.vault.UpdateSecretRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The azure:// source's version poller against Keygate's Azure-compatible API: a new version, a
 * disabled and a deleted secret are published once each, on demand and on the interval.
 */
class AzurePollingTest extends AzureSourceTestBase {

  @Test
  void poll_afterARotation_publishesTheNewVersionOnce() throws Exception {
    keygate.set("polled", "tok-r1");
    resolve("azure://payments/polled");
    String second = keygate.set("polled", "tok-r2");

    source.pollNow().toCompletableFuture().get(30, TimeUnit.SECONDS);
    source.pollNow().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(events)
        .extracting(SecretEvent::type, SecretEvent::vault, SecretEvent::name, SecretEvent::version)
        .containsExactly(Tuple.tuple(SecretEvent.Type.NEW_VERSION, "payments", "polled", second));
  }

  @Test
  void poll_afterDisablingAndDeleting_publishesDisabledThenDeleted() throws Exception {
    keygate.set("retired", "tok-x1");
    resolve("azure://payments/retired");

    keygate.vault.updateSecret(
        "payments", "retired", Optional.empty(), UpdateSecretRequest.none().withEnabled(false));
    source.pollNow().toCompletableFuture().get(30, TimeUnit.SECONDS);
    keygate.vault.deleteSecret("payments", "retired");
    source.pollNow().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(events)
        .extracting(SecretEvent::type, SecretEvent::name)
        .containsExactly(
            Tuple.tuple(SecretEvent.Type.DISABLED, "retired"),
            Tuple.tuple(SecretEvent.Type.DELETED, "retired"));
  }

  @Test
  void poller_onItsInterval_picksUpARotation() {
    source.close();
    source =
        AzureSecretSource.create(keygate.options(reader).withPollInterval(Duration.ofMillis(200)));
    source.subscribe(events::add);
    keygate.set("interval", "tok-i1");
    resolve("azure://payments/interval");

    String second = keygate.set("interval", "tok-i2");

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(events)
                    .extracting(SecretEvent::type, SecretEvent::version)
                    .contains(Tuple.tuple(SecretEvent.Type.NEW_VERSION, second)));
  }
}
