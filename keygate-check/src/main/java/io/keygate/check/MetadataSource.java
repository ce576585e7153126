package io.keygate.check;

import io.keygate.secrets.SecretRef;
import java.util.List;
import java.util.Optional;

/**
 * Where the check asks about secrets and API keys: the embedded data directory, a remote Keygate
 * over its admin API, or later an external vault. Metadata only: an implementation needs the {@code
 * secrets-reader} role and must never fetch a value.
 *
 * <p>A source that cannot answer at all (unreachable, wrong credentials) throws {@link
 * MetadataUnavailableException}: the check then cannot run (exit code 2), rather than reporting
 * every reference as missing.
 */
public interface MetadataSource {
  /**
   * The secret's metadata with all versions, or empty when the secret (or its vault) does not
   * exist. {@code ref}'s version and field are ignored.
   */
  Optional<SecretMetadata> describe(SecretRef ref);

  /** Every API key of the gateway; empty when the source keeps none. */
  List<ApiKeyMetadata> apiKeys();

  /**
   * Whether the vault (namespace) exists, so that a missing vault is told apart from a missing
   * secret; empty when the source cannot say. Default: empty.
   */
  default Optional<Boolean> vaultExists(String vault) {
    return Optional.empty();
  }

  /**
   * Whether the vault that {@code ref} names exists in the source that answers for its scheme;
   * empty when unknown. Default: {@link #vaultExists(String)} for the source's own scheme.
   */
  default Optional<Boolean> vaultExists(SecretRef ref) {
    return covers(ref) ? vaultExists(ref.vault()) : Optional.empty();
  }

  /**
   * Whether this source answers for {@code ref}'s scheme. References it does not cover are listed
   * as not checked, not as missing. Default: the embedded vault only.
   */
  default boolean covers(SecretRef ref) {
    return SecretRef.EMBEDDED.equals(ref.source());
  }
}
