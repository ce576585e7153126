package io.keygate.app.check;

import io.keygate.check.ApiKeyMetadata;
import io.keygate.check.MetadataSource;
import io.keygate.check.SecretMetadata;
import io.keygate.secrets.SecretRef;
import java.util.List;
import java.util.Optional;

/**
 * The check's sources together: external ones ({@code --source azure://}, {@code hashicorp://})
 * answer for their schemes, the base (embedded or remote Keygate, if any) for the rest and for the
 * gateway's API keys.
 */
final class CombinedMetadata implements MetadataSource {
  private final Optional<MetadataSource> base;
  private final List<MetadataSource> external;

  CombinedMetadata(Optional<MetadataSource> base, List<MetadataSource> external) {
    this.base = base;
    this.external = List.copyOf(external);
  }

  @Override
  public Optional<SecretMetadata> describe(SecretRef ref) {
    return answering(ref).flatMap(source -> source.describe(ref));
  }

  @Override
  public List<ApiKeyMetadata> apiKeys() {
    return base.map(MetadataSource::apiKeys).orElse(List.of());
  }

  @Override
  public Optional<Boolean> vaultExists(String vault) {
    return base.flatMap(source -> source.vaultExists(vault));
  }

  @Override
  public Optional<Boolean> vaultExists(SecretRef ref) {
    return answering(ref).flatMap(source -> source.vaultExists(ref));
  }

  @Override
  public boolean covers(SecretRef ref) {
    return answering(ref).isPresent();
  }

  private Optional<MetadataSource> answering(SecretRef ref) {
    for (MetadataSource source : external) {
      if (source.covers(ref)) {
        return Optional.of(source);
      }
    }
    return base.filter(source -> source.covers(ref));
  }
}
