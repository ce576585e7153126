package io.keygate.vault;

import io.keygate.secrets.SecretValue;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;

/** What the contract tests need from a test class: a fresh vault on a fresh store per test. */
interface VaultFixture {
  String V = SecretVault.DEFAULT_VAULT;
  Instant START = Instant.parse("2026-01-01T00:00:00Z");

  SecretVault vault();

  MutableClock clock();

  MasterKeySource masterKey();

  /** Closes the vault and opens the same store again with {@code key}. */
  SecretVault reopen(MasterKeySource key);

  /** Options for this test's store with another key or clock. */
  VaultOptions options(MasterKeySource key, java.time.Clock clock);

  /** A raw connection to this test's store, bypassing the vault. */
  Connection rawConnection() throws Exception;

  /** Asserts that no bytes of the store's files or tables contain {@code needle}. */
  void assertStoreDoesNotContain(String needle) throws Exception;

  default SecretBundle set(String name, SecretValue value) {
    return vault().setSecret(V, name, SetSecretRequest.of(value));
  }

  default SecretBundle get(String name) {
    return vault().getSecret(V, name, Optional.empty());
  }
}
