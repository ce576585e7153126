package io.keygate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.secrets.SecretValue;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Test values: random master keys, canary secret values, exact error assertions. */
final class Fixtures {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final Set<String> CANARIES = ConcurrentHashMap.newKeySet();

  private Fixtures() {}

  static MasterKeySource randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return MasterKeySource.keyMaterial(SecretValue.of(Base64.getEncoder().encodeToString(key)));
  }

  /** A value that must never show up in a log, a message or the store's bytes. */
  static SecretValue canary() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    String text = "kg-canary-" + HexFormat.of().formatHex(bytes);
    CANARIES.add(text);
    return SecretValue.of(text);
  }

  /** Asserts {@code call} fails with exactly this status, code and message, and no canary. */
  static void assertFails(Runnable call, int status, String code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOf(VaultException.class)
        .hasMessage(message)
        .satisfies(
            e -> {
              VaultException error = (VaultException) e;
              assertThat(error.status()).isEqualTo(status);
              assertThat(error.code()).isEqualTo(code);
              for (String canary : CANARIES) {
                assertThat(error.getMessage()).doesNotContain(canary);
              }
            });
  }
}
