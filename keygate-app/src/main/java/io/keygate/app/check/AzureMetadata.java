package io.keygate.app.check;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.keygate.check.ApiKeyMetadata;
import io.keygate.check.MetadataSource;
import io.keygate.check.MetadataUnavailableException;
import io.keygate.check.SecretMetadata;
import io.keygate.check.VersionMetadata;
import io.keygate.secrets.SecretRef;
import io.keygate.sources.azure.AzureCredentials;
import io.keygate.sources.azure.AzureSourceOptions;
import io.keygate.sources.watch.PemTrust;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --source azure://}: Azure Key Vault metadata through the official SDK, signed in as the
 * {@code sources.azure} settings say (as the gateway's azure:// source does). Only the versions
 * listing is asked ({@code list} permission, or Keygate's {@code secrets-reader}); never a value.
 * The current version is the newest one, as in Azure Key Vault. Azure has no rotation policies for
 * secrets, so the rotation rules skip these secrets.
 */
final class AzureMetadata implements MetadataSource {
  private final AzureSourceOptions options;
  private final Optional<String> vault;
  private final HttpClient http;
  private final TokenCredential credential;
  private final Map<String, SecretClient> clients = new HashMap<>();

  /**
   * @param vault when present, only references to this vault are answered
   */
  AzureMetadata(AzureSourceOptions options, Optional<String> vault) {
    this.options = options;
    this.vault = vault;
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
    options.caCertificates().ifPresent(pem -> jdk.sslContext(PemTrust.trusting(pem)));
    this.http = new JdkHttpClientBuilder(jdk).build();
    this.credential = AzureCredentials.build(options.credential(), http);
  }

  @Override
  public boolean covers(SecretRef ref) {
    return "azure".equals(ref.source()) && vault.map(v -> v.equals(ref.vault())).orElse(true);
  }

  @Override
  public List<ApiKeyMetadata> apiKeys() {
    return List.of();
  }

  @Override
  public Optional<SecretMetadata> describe(SecretRef ref) {
    List<SecretProperties> listed = new ArrayList<>();
    try {
      client(ref.vault()).listPropertiesOfSecretVersions(ref.name()).forEach(listed::add);
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (HttpResponseException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
      if (status == 404) {
        return Optional.empty();
      }
      throw new MetadataUnavailableException(
          "Azure Key Vault "
              + options.vaultUrl(ref.vault())
              + " answered HTTP "
              + status
              + " to listing the versions of '"
              + ref.name()
              + "'"
              + (status == 401 || status == 403
                  ? ": the check's identity needs permission to list secrets (secrets-reader)"
                  : ""),
          e);
    } catch (RuntimeException e) {
      throw new MetadataUnavailableException(
          "Azure Key Vault " + options.vaultUrl(ref.vault()) + " could not be asked: " + reason(e),
          e);
    }
    if (listed.isEmpty()) {
      return Optional.empty();
    }
    List<VersionMetadata> versions = new ArrayList<>();
    for (SecretProperties p : listed) {
      versions.add(
          new VersionMetadata(
              p.getVersion(),
              !Boolean.FALSE.equals(p.isEnabled()),
              instant(p.getNotBefore()),
              instant(p.getExpiresOn()),
              instant(p.getCreatedOn()).orElse(Instant.EPOCH),
              Optional.ofNullable(p.getContentType()),
              p.getTags() == null ? Map.of() : p.getTags()));
    }
    // Oldest first; the newest is the current version (stable for equal times: listing order).
    versions.sort(Comparator.comparing(VersionMetadata::created));
    String current = versions.get(versions.size() - 1).version();
    return Optional.of(
        SecretMetadata.withoutRotation(
            new SecretRef(
                ref.source(), ref.vault(), ref.name(), Optional.empty(), Optional.empty()),
            current,
            versions));
  }

  private SecretClient client(String name) {
    return clients.computeIfAbsent(
        name,
        v -> {
          SecretClientBuilder builder =
              new SecretClientBuilder()
                  .vaultUrl(options.vaultUrl(v).toString())
                  .credential(credential)
                  .httpClient(http);
          if (!options.verifyChallengeResource()) {
            builder.disableChallengeResourceVerification();
          }
          return builder.buildClient();
        });
  }

  private static Optional<Instant> instant(OffsetDateTime time) {
    return Optional.ofNullable(time).map(OffsetDateTime::toInstant);
  }

  /** The first line of the failure, without a stack: enough to say what went wrong. */
  private static String reason(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
