package io.keygate.vault.rotation;

import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import java.time.Clock;
import java.util.Optional;

/**
 * Rotation policies, stored in the vault's database: one per secret, and a default per vault that
 * applies to the vault's secrets that have none. Setting a policy for a secret that does not exist
 * is 404; a bad policy is 400 (see {@link RotationPolicyJson}).
 */
public final class RotationPolicies {
  private final SecretVault vault;
  private final Sql sql;
  private final Clock clock;
  private final PolicyTable table = new PolicyTable();

  RotationPolicies(SecretVault vault, Sql sql, Clock clock) {
    this.vault = vault;
    this.sql = sql;
    this.clock = clock;
  }

  /** Sets the policy of {@code vaultName/name}; returns it as stored. */
  public RotationPolicy set(String vaultName, String name, RotationPolicy policy) {
    String canonical = canonicalName(vaultName, name);
    String json = RotationPolicyJson.format(policy);
    sql.write(
        c -> {
          table.put(c, vaultName, canonical, json, clock.instant().getEpochSecond());
          return null;
        });
    return policy;
  }

  /** The secret's own policy (not the vault default). */
  public Optional<RotationPolicy> get(String vaultName, String name) {
    String canonical = canonicalName(vaultName, name);
    return sql.read(c -> table.find(c, vaultName, canonical)).map(RotationPolicyJson::parse);
  }

  /** The policy that applies to the secret: its own, else the vault's default. */
  public Optional<RotationPolicy> effective(String vaultName, String name) {
    String canonical = canonicalName(vaultName, name);
    return sql.read(
            c -> {
              Optional<String> own = table.find(c, vaultName, canonical);
              return own.isPresent() ? own : table.find(c, vaultName, PolicyTable.DEFAULT);
            })
        .map(RotationPolicyJson::parse);
  }

  /** Removes the secret's own policy; returns whether there was one. */
  public boolean delete(String vaultName, String name) {
    String canonical = canonicalName(vaultName, name);
    return sql.write(c -> table.delete(c, vaultName, canonical));
  }

  /** Sets the vault's default policy. */
  public RotationPolicy setDefault(String vaultName, RotationPolicy policy) {
    requireVault(vaultName);
    String json = RotationPolicyJson.format(policy);
    sql.write(
        c -> {
          table.put(c, vaultName, PolicyTable.DEFAULT, json, clock.instant().getEpochSecond());
          return null;
        });
    return policy;
  }

  /** The vault's default policy. */
  public Optional<RotationPolicy> getDefault(String vaultName) {
    requireVault(vaultName);
    return sql.read(c -> table.find(c, vaultName, PolicyTable.DEFAULT))
        .map(RotationPolicyJson::parse);
  }

  /** The secret's name in the case it was created with; 404 when it does not exist. */
  String canonicalName(String vaultName, String name) {
    SecretProperties first =
        vault.listVersions(vaultName, name, 1, Optional.empty()).items().get(0);
    return first.name();
  }

  private void requireVault(String vaultName) {
    vault.listSecrets(vaultName, 1, Optional.empty());
  }
}
