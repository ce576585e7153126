package io.keygate.app.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code sources:} section of keygate.yaml: which secret sources besides the embedded vault
 * this node resolves {@code inject:} references from. A scheme whose section is absent is not
 * served, and an API naming it is refused. Secrets (tokens, client secrets) are never written here:
 * only the environment variable or file that holds them. docs/SOURCES.md is the reference.
 *
 * @param env {@code env://NAME}: {@code { enabled: true }} (development only)
 * @param file {@code file:///path}: {@code { enabled: true, pollInterval: 2s }} (development only)
 * @param keygate {@code keygate://vault/name}: a Keygate vault on another machine
 * @param azure {@code azure://vault/name}: Azure Key Vault
 * @param hashicorp {@code hashicorp://mount/path}: HashiCorp Vault KV v2
 */
public record SourcesConfig(
    Local env, Local file, Remote keygate, Azure azure, Hashicorp hashicorp) {

  /**
   * @param enabled whether the scheme is served (default false)
   * @param pollInterval for {@code file}: how often resolved files are checked for a change
   *     (default 2s)
   */
  public record Local(Boolean enabled, String pollInterval) {}

  /**
   * @param url the remote's admin listener, {@code https://host:port}
   * @param caCertificate the remote's certificate (or CA) in PEM, pinned; absent: the JVM's trust
   * @param tokenEnv the environment variable holding this node's token for the remote
   * @param tokenFile or a file holding it (e.g. a copy of the remote's admin-token)
   * @param timeout the longest one resolution may take (default 5s)
   * @param clientId or an app of the remote (holding {@code gateway-node}): its client id
   * @param clientSecretEnv the environment variable holding that app's client secret
   * @param tenant the remote's tenant ({@code identity.tenant} there; default {@code keygate})
   */
  public record Remote(
      String url,
      Path caCertificate,
      String tokenEnv,
      Path tokenFile,
      String timeout,
      String clientId,
      String clientSecretEnv,
      String tenant) {}

  /**
   * @param vaults short names used in references to vault URLs
   * @param credential how to sign in (default: azure-identity's default chain)
   * @param pollInterval how often secrets in use are checked for a new version (default 60s)
   * @param caCertificates a PEM file of CAs to trust instead of the JVM's
   * @param eventGridKeyEnv the environment variable holding the Event Grid webhook's key
   */
  public record Azure(
      Map<String, String> vaults,
      AzureCredential credential,
      String pollInterval,
      Path caCertificates,
      String eventGridKeyEnv) {}

  /**
   * @param type {@code default}, {@code client-secret}, {@code client-certificate} or {@code
   *     managed-identity}
   * @param tenantId the Entra ID tenant
   * @param clientId the application (client) id
   * @param clientSecretEnv the environment variable holding the client secret
   * @param certificate a PEM file with the client certificate and its key
   * @param authorityHost the token authority, if not the public cloud's
   */
  public record AzureCredential(
      String type,
      String tenantId,
      String clientId,
      String clientSecretEnv,
      Path certificate,
      String authorityHost) {}

  /**
   * @param address the Vault server, {@code https://host:port}
   * @param tokenEnv the environment variable holding a Vault token
   * @param appRole or AppRole login
   * @param namespace a Vault Enterprise namespace
   * @param pollInterval how often secrets in use are checked for a new version (default 60s)
   * @param caCertificates a PEM file of CAs to trust instead of the JVM's
   * @param timeout the longest one request may take (default 10s)
   */
  public record Hashicorp(
      String address,
      String tokenEnv,
      AppRole appRole,
      String namespace,
      String pollInterval,
      Path caCertificates,
      String timeout) {}

  /**
   * @param roleId the AppRole role id
   * @param secretIdEnv the environment variable holding the secret id
   * @param mount where AppRole is mounted (default {@code approle})
   */
  public record AppRole(String roleId, String secretIdEnv, String mount) {}
}
