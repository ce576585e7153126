package io.keygate.sources.hashicorp;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import io.keygate.sources.watch.RotationUnderLoad;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five rotations of a KV v2 secret in Keygate's KV v2-compatible API while clients call an API
 * whose gateway injects it from hashicorp://: the metadata poller sees each new version, the
 * gateway switches, and no request fails.
 */
class HashicorpRotationUnderLoadTest {
  @TempDir Path data;
  @TempDir Path gatewayData;

  @Test
  void rotationsUnderLoad_arePickedUpWithoutAFailedRequest() throws Exception {
    try (KeygateKvServer kv = new KeygateKvServer(data)) {
      kv.vault.createVault("secret");
      kv.put("secret", "payments/upstream", "{\"token\":\"tok-1\"}");
      try (HashicorpSecretSource source =
              HashicorpSecretSource.create(
                  HashicorpSourceOptions.of(
                          kv.address(), HashicorpAuth.token(SecretValue.of(kv.token.reveal())))
                      .withCaCertificates(kv.certificate)
                      .withPollInterval(Duration.ofMillis(100)));
          RotationUnderLoad rig =
              new RotationUnderLoad(
                  gatewayData, source, "hashicorp://secret/payments/upstream#/token", "tok-1")) {
        rig.run(4, 5, next -> put(kv, "{\"token\":\"" + next + "\"}"));

        assertThat(rig.failures()).isEmpty();
        assertThat(rig.failed()).isZero();
        assertThat(rig.succeeded()).isGreaterThan(100);
      }
    }
  }

  private static void put(KeygateKvServer kv, String json) {
    try {
      kv.put("secret", "payments/upstream", json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
