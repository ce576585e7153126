package io.keygate.vault.rotation;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.VaultOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Options for the rotation tests' vaults, and canary values. */
final class TestVaults {
  static final String V = "default";
  private static final SecureRandom RANDOM = new SecureRandom();
  static final Set<String> CANARIES = ConcurrentHashMap.newKeySet();

  private TestVaults() {}

  static MasterKeySource randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return MasterKeySource.keyMaterial(SecretValue.of(Base64.getEncoder().encodeToString(key)));
  }

  static VaultOptions sqlite(Path data, Clock clock) {
    return VaultOptions.embedded(data)
        .withMasterKey(randomKey())
        .withClock(clock)
        .withSweepInterval(Duration.ZERO);
  }

  static VaultOptions postgres(String url, MasterKeySource key, Clock clock) {
    return VaultOptions.postgres(url, "postgres", null, key)
        .withClock(clock)
        .withSweepInterval(Duration.ZERO);
  }

  static SecretValue canary() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    String text = "kg-canary-" + HexFormat.of().formatHex(bytes);
    CANARIES.add(text);
    return SecretValue.of(text);
  }
}
