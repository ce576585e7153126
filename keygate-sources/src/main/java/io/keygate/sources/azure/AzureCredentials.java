package io.keygate.sources.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import java.net.URI;

/**
 * Builds the azure-identity credential that {@link AzureCredentialOptions} describes (public for
 * other readers of Azure Key Vault, such as the pre-deploy check's metadata source).
 */
public final class AzureCredentials {
  private AzureCredentials() {}

  /**
   * The credential, sending its token requests through {@code http} (which carries the source's
   * trust settings). A custom authority host turns off MSAL's instance discovery, which only knows
   * Microsoft's own clouds.
   */
  public static TokenCredential build(AzureCredentialOptions options, HttpClient http) {
    String authority = options.authorityHost().map(URI::toString).orElse(null);
    return switch (options.kind()) {
      case DEFAULT -> {
        DefaultAzureCredentialBuilder builder =
            new DefaultAzureCredentialBuilder().httpClient(http);
        options.tenantId().ifPresent(builder::tenantId);
        options.clientId().ifPresent(builder::managedIdentityClientId);
        if (authority != null) {
          builder.authorityHost(authority).disableInstanceDiscovery();
        }
        yield builder.build();
      }
      case CLIENT_SECRET -> {
        ClientSecretCredentialBuilder builder =
            new ClientSecretCredentialBuilder()
                .httpClient(http)
                .tenantId(options.tenantId().orElseThrow())
                .clientId(options.clientId().orElseThrow())
                .clientSecret(options.clientSecret().orElseThrow().reveal());
        if (authority != null) {
          builder.authorityHost(authority).disableInstanceDiscovery();
        }
        yield builder.build();
      }
      case CLIENT_CERTIFICATE -> {
        ClientCertificateCredentialBuilder builder =
            new ClientCertificateCredentialBuilder()
                .httpClient(http)
                .tenantId(options.tenantId().orElseThrow())
                .clientId(options.clientId().orElseThrow())
                .pemCertificate(options.certificate().orElseThrow().toString());
        if (authority != null) {
          builder.authorityHost(authority).disableInstanceDiscovery();
        }
        yield builder.build();
      }
      case MANAGED_IDENTITY -> {
        ManagedIdentityCredentialBuilder builder =
            new ManagedIdentityCredentialBuilder().httpClient(http);
        options.clientId().ifPresent(builder::clientId);
        yield builder.build();
      }
    };
  }
}
