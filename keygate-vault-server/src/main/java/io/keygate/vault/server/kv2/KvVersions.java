package io.keygate.vault.server.kv2;

import io.keygate.vault.Page;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * KV's integer versions over Keygate's version ids: version {@code n} is the secret's {@code n}-th
 * Keygate version in creation order (Keygate never removes one version alone, so the numbers are
 * stable).
 */
final class KvVersions {
  private KvVersions() {}

  /** Every version of the secret, oldest first; 404 {@code SecretNotFound} if there is none. */
  static List<SecretProperties> all(SecretVault vault, String vaultName, String name) {
    List<SecretProperties> versions = new ArrayList<>();
    Optional<String> next = Optional.empty();
    do {
      Page<SecretProperties> page =
          vault.listVersions(vaultName, name, SecretVault.MAX_PAGE_SIZE, next);
      versions.addAll(page.items());
      next = page.next();
    } while (next.isPresent());
    return versions;
  }

  /** Like {@link #all} but empty when the secret does not exist. */
  static List<SecretProperties> allOrNone(SecretVault vault, String vaultName, String name) {
    try {
      return all(vault, vaultName, name);
    } catch (VaultException.NotFound e) {
      if (VaultException.NotFound.SECRET_NOT_FOUND.equals(e.code())) {
        return List.of();
      }
      throw e;
    }
  }

  /** The 1-based number of {@code versionId} in {@code versions}. */
  static int number(List<SecretProperties> versions, String versionId) {
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).version().equals(versionId)) {
        return i + 1;
      }
    }
    throw new IllegalStateException("version just written is not listed");
  }

  /** Whether the version's data was destroyed through the KV API. */
  static boolean destroyed(SecretProperties version) {
    return version.destroyed();
  }
}
