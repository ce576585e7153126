package io.keygate.check;

import io.keygate.secrets.SecretRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A metadata source held in memory: the contract implementation for tests of the rules and formats,
 * where a fixed set of secrets in every state keeps golden files stable. The embedded and remote
 * sources are tested against a real vault in keygate-app.
 */
final class FixtureSource implements MetadataSource {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final Map<String, SecretMetadata> secrets = new HashMap<>();
  private final List<ApiKeyMetadata> keys = new ArrayList<>();

  static Instant days(long n) {
    return NOW.plus(Duration.ofDays(n));
  }

  static VersionMetadata version(
      String id, boolean enabled, Instant nbf, Instant exp, Instant created) {
    return new VersionMetadata(
        id,
        enabled,
        Optional.ofNullable(nbf),
        Optional.ofNullable(exp),
        created,
        Optional.empty(),
        Map.of());
  }

  FixtureSource put(SecretMetadata metadata) {
    secrets.put(key(metadata.ref().vault(), metadata.ref().name()), metadata);
    return this;
  }

  /** A secret with one version and a healthy rotation policy unless changed later. */
  FixtureSource secret(String vault, String name, VersionMetadata version) {
    return put(
        new SecretMetadata(
            SecretRef.of(vault, name),
            version.version(),
            List.of(version),
            true,
            Optional.of(RotationSchedule.every(Duration.ofDays(60))),
            Optional.empty()));
  }

  FixtureSource key(ApiKeyMetadata key) {
    keys.add(key);
    return this;
  }

  /** The fixture of the golden files: one secret per state, three API keys. */
  static FixtureSource everyState() {
    FixtureSource s = new FixtureSource();
    s.secret(
        "payments", "upstream-token", version("a1".repeat(16), true, null, days(200), days(-10)));
    s.secret("payments", "expired", version("b2".repeat(16), true, null, days(-1), days(-100)));
    s.secret("payments", "expiring", version("c3".repeat(16), true, null, days(5), days(-20)));
    s.secret("payments", "disabled", version("d4".repeat(16), false, null, days(90), days(-3)));
    s.secret("payments", "future", version("e5".repeat(16), true, days(3), days(120), days(-1)));
    s.put(
        new SecretMetadata(
            SecretRef.of("payments", "forever"),
            "f6".repeat(16),
            List.of(version("f6".repeat(16), true, null, null, days(-30))),
            true,
            Optional.empty(),
            Optional.empty()));
    s.put(
        new SecretMetadata(
            SecretRef.of("crm", "rotated"),
            "a7".repeat(16),
            List.of(version("a7".repeat(16), true, null, days(300), days(-200))),
            true,
            Optional.of(RotationSchedule.every(Duration.ofDays(180))),
            Optional.of(
                new RotationAttempt(days(-2), false, Optional.of("webhook answered HTTP 500")))));
    s.key(
        new ApiKeyMetadata(
            "k1",
            Optional.of("billing"),
            "payments-standard",
            days(-400),
            Optional.empty(),
            Optional.of(days(-1)),
            false));
    s.key(
        new ApiKeyMetadata(
            "k2",
            Optional.empty(),
            "payments-standard",
            days(-100),
            Optional.of(days(100)),
            Optional.empty(),
            false));
    s.key(
        new ApiKeyMetadata(
            "k3",
            Optional.empty(),
            "payments-standard",
            days(-900),
            Optional.empty(),
            Optional.empty(),
            true));
    return s;
  }

  @Override
  public Optional<SecretMetadata> describe(SecretRef ref) {
    return Optional.ofNullable(secrets.get(key(ref.vault(), ref.name())));
  }

  @Override
  public Optional<Boolean> vaultExists(String vault) {
    return Optional.of(secrets.values().stream().anyMatch(m -> m.ref().vault().equals(vault)));
  }

  @Override
  public List<ApiKeyMetadata> apiKeys() {
    return keys;
  }

  private static String key(String vault, String name) {
    return vault + "/" + name.toLowerCase(Locale.ROOT);
  }
}
