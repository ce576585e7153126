package io.keygate.check;

import io.keygate.secrets.SecretRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What rules read: the deployed inputs, the profile, the time, and the metadata source (asked once
 * per secret and remembered for the run). Not thread-safe; one per run.
 */
public final class CheckContext {
  private final CheckInputs inputs;
  private final Profile profile;
  private final Instant now;
  private final MetadataSource source;
  private final Optional<IssuerProbe> online;
  private final Map<String, Optional<SecretMetadata>> described = new HashMap<>();
  private final Map<String, Optional<Boolean>> vaults = new HashMap<>();
  private List<ApiKeyMetadata> apiKeys;

  /**
   * @param online the probe for {@code --online} rules, empty when offline
   */
  public CheckContext(
      CheckInputs inputs,
      Profile profile,
      Instant now,
      MetadataSource source,
      Optional<IssuerProbe> online) {
    this.inputs = inputs;
    this.profile = profile;
    this.now = now;
    this.source = source;
    this.online = online;
  }

  public CheckInputs inputs() {
    return inputs;
  }

  public Profile profile() {
    return profile;
  }

  public Profile.Thresholds thresholds() {
    return profile.thresholds();
  }

  public Instant now() {
    return now;
  }

  public Optional<IssuerProbe> online() {
    return online;
  }

  /** Whether the source answers for this reference's scheme. */
  public boolean covers(SecretRef ref) {
    return source.covers(ref);
  }

  /** The secret's metadata, asked once per secret per run. */
  public Optional<SecretMetadata> metadata(SecretRef ref) {
    return described.computeIfAbsent(key(ref), k -> source.describe(ref));
  }

  /** Whether the source's vault (namespace) exists, asked once per vault; empty when unknown. */
  public Optional<Boolean> vaultExists(String vault) {
    return vaults.computeIfAbsent(
        SecretRef.EMBEDDED + "://" + vault, k -> source.vaultExists(vault));
  }

  /** Whether the vault {@code ref} names exists in its scheme's source; empty when unknown. */
  public Optional<Boolean> vaultExists(SecretRef ref) {
    return vaults.computeIfAbsent(ref.source() + "://" + ref.vault(), k -> source.vaultExists(ref));
  }

  /** Every secret this run found, in no particular order (for evidence bundles). */
  public List<SecretMetadata> describedSecrets() {
    return described.values().stream().flatMap(Optional::stream).toList();
  }

  /** Every API key's metadata, asked once per run. */
  public List<ApiKeyMetadata> apiKeys() {
    if (apiKeys == null) {
      apiKeys = List.copyOf(source.apiKeys());
    }
    return apiKeys;
  }

  /**
   * The fixed references the source covers, grouped by secret (first site first), for rules about
   * secrets rather than about one reference.
   */
  public Map<String, List<ReferenceSite>> referencedSecrets() {
    Map<String, List<ReferenceSite>> bySecret = new LinkedHashMap<>();
    for (ReferenceSite site : inputs.references()) {
      if (site.fixed() && covers(site.ref().get())) {
        bySecret.computeIfAbsent(key(site.ref().get()), k -> new ArrayList<>()).add(site);
      }
    }
    return bySecret;
  }

  /** Secret names are case-insensitive; vault names are not. */
  static String key(SecretRef ref) {
    return ref.source() + "://" + ref.vault() + "/" + ref.name().toLowerCase(Locale.ROOT);
  }
}
