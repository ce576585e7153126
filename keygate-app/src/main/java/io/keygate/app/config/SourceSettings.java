package io.keygate.app.config;

import static io.keygate.app.config.ConfigValues.duration;
import static io.keygate.app.config.ConfigValues.envSecret;
import static io.keygate.app.config.ConfigValues.fileSecret;
import static io.keygate.app.config.ConfigValues.guarded;
import static io.keygate.app.config.ConfigValues.readable;
import static io.keygate.app.config.ConfigValues.required;
import static io.keygate.app.config.ConfigValues.requiredPath;
import static io.keygate.app.config.ConfigValues.url;

import io.keygate.app.cli.CliEnvironment;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.azure.AzureCredentialOptions;
import io.keygate.sources.azure.AzureSourceOptions;
import io.keygate.sources.hashicorp.HashicorpAuth;
import io.keygate.sources.hashicorp.HashicorpSourceOptions;
import io.keygate.sources.local.FileSource;
import io.keygate.sources.remote.NodeCredential;
import io.keygate.sources.remote.RemoteVaultOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code sources:} section resolved: the options of every configured source, with the secrets
 * they need read from the environment or files. Everything wrong is a {@link ConfigException}
 * naming the key; no message quotes a secret.
 *
 * @param env the environment {@code env://} reads, when it is served
 * @param file the poll interval of {@code file://}, when it is served
 * @param keygate the remote Keygate vault, when {@code keygate://} is served
 * @param azure Azure Key Vault, when {@code azure://} is served
 * @param hashicorp HashiCorp Vault, when {@code hashicorp://} is served
 */
public record SourceSettings(
    Optional<Function<String, Optional<String>>> env,
    Optional<Duration> file,
    Optional<RemoteVaultOptions> keygate,
    Optional<AzureSourceOptions> azure,
    Optional<HashicorpSourceOptions> hashicorp) {

  /** Only the embedded vault. */
  public static final SourceSettings NONE =
      new SourceSettings(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** Resolves {@code config} (null: none), reading secrets from {@code environment}. */
  public static SourceSettings resolve(SourcesConfig config, CliEnvironment environment) {
    if (config == null) {
      return NONE;
    }
    Optional<Function<String, Optional<String>>> env =
        config.env() != null && Boolean.TRUE.equals(config.env().enabled())
            ? Optional.of(environment::variable)
            : Optional.empty();
    if (config.env() != null && config.env().pollInterval() != null) {
      throw new ConfigException("sources.env.pollInterval: the environment is not polled");
    }
    Optional<Duration> file = Optional.empty();
    if (config.file() != null && Boolean.TRUE.equals(config.file().enabled())) {
      file =
          Optional.of(
              duration(
                  "sources.file.pollInterval",
                  config.file().pollInterval(),
                  FileSource.DEFAULT_POLL_INTERVAL));
    }
    return new SourceSettings(
        env,
        file,
        Optional.ofNullable(config.keygate()).map(remote -> remote(remote, environment)),
        Optional.ofNullable(config.azure()).map(azure -> azure(azure, environment)),
        Optional.ofNullable(config.hashicorp()).map(vault -> hashicorp(vault, environment)));
  }

  private static RemoteVaultOptions remote(
      SourcesConfig.Remote config, CliEnvironment environment) {
    URI url = url("sources.keygate.url", config.url());
    int given =
        (config.tokenEnv() != null ? 1 : 0)
            + (config.tokenFile() != null ? 1 : 0)
            + (config.clientId() != null ? 1 : 0);
    if (given != 1) {
      throw new ConfigException(
          "sources.keygate needs exactly one of 'tokenEnv', 'tokenFile' and 'clientId' (with"
              + " 'clientSecretEnv'): how this node authenticates to the remote vault");
    }
    NodeCredential credential;
    if (config.clientId() != null) {
      String tenant = config.tenant() == null ? "keygate" : config.tenant();
      SecretValue secret =
          envSecret(
              environment,
              "sources.keygate.clientSecretEnv",
              required("sources.keygate.clientSecretEnv", config.clientSecretEnv()));
      credential =
          guarded(
              "sources.keygate",
              () -> new NodeCredential.ClientSecret(tenant, config.clientId(), secret));
    } else if (config.tokenFile() != null) {
      credential =
          new NodeCredential.Token(fileSecret("sources.keygate.tokenFile", config.tokenFile()));
    } else {
      credential =
          new NodeCredential.Token(
              envSecret(environment, "sources.keygate.tokenEnv", config.tokenEnv()));
    }
    Optional<Path> ca = Optional.ofNullable(config.caCertificate());
    ca.ifPresent(path -> readable("sources.keygate.caCertificate", path));
    return guarded(
            "sources.keygate",
            () ->
                RemoteVaultOptions.of(url, ca.map(p -> p.toAbsolutePath().normalize()), credential))
        .withRequestTimeout(
            duration(
                "sources.keygate.timeout",
                config.timeout(),
                RemoteVaultOptions.DEFAULT_REQUEST_TIMEOUT));
  }

  private static AzureSourceOptions azure(SourcesConfig.Azure config, CliEnvironment environment) {
    Map<String, URI> vaults = new LinkedHashMap<>();
    if (config.vaults() != null) {
      config
          .vaults()
          .forEach((name, url) -> vaults.put(name, url("sources.azure.vaults." + name, url)));
    }
    AzureCredentialOptions credential = azureCredential(config.credential(), environment);
    AzureSourceOptions options =
        guarded("sources.azure", () -> AzureSourceOptions.of(vaults, credential));
    options =
        options.withPollInterval(
            duration(
                "sources.azure.pollInterval",
                config.pollInterval(),
                AzureSourceOptions.DEFAULT_POLL_INTERVAL));
    if (config.caCertificates() != null) {
      options =
          options.withCaCertificates(
              readable("sources.azure.caCertificates", config.caCertificates()));
    }
    if (config.eventGridKeyEnv() != null) {
      options =
          options.withEventGridKey(
              envSecret(environment, "sources.azure.eventGridKeyEnv", config.eventGridKeyEnv()));
    }
    return options;
  }

  private static AzureCredentialOptions azureCredential(
      SourcesConfig.AzureCredential config, CliEnvironment environment) {
    if (config == null || config.type() == null) {
      return AzureCredentialOptions.defaultChain();
    }
    AzureCredentialOptions.Kind kind =
        guarded(
            "sources.azure.credential.type",
            () -> AzureCredentialOptions.Kind.parse(config.type()));
    AzureCredentialOptions credential =
        guarded(
            "sources.azure.credential",
            () ->
                switch (kind) {
                  case DEFAULT -> AzureCredentialOptions.defaultChain();
                  case MANAGED_IDENTITY ->
                      AzureCredentialOptions.managedIdentity(
                          Optional.ofNullable(config.clientId()));
                  case CLIENT_SECRET ->
                      AzureCredentialOptions.clientSecret(
                          required("sources.azure.credential.tenantId", config.tenantId()),
                          required("sources.azure.credential.clientId", config.clientId()),
                          envSecret(
                              environment,
                              "sources.azure.credential.clientSecretEnv",
                              required(
                                  "sources.azure.credential.clientSecretEnv",
                                  config.clientSecretEnv())));
                  case CLIENT_CERTIFICATE ->
                      AzureCredentialOptions.clientCertificate(
                          required("sources.azure.credential.tenantId", config.tenantId()),
                          required("sources.azure.credential.clientId", config.clientId()),
                          readable(
                              "sources.azure.credential.certificate",
                              requiredPath(
                                  "sources.azure.credential.certificate", config.certificate())));
                });
    if (config.authorityHost() != null) {
      credential =
          credential.withAuthorityHost(
              url("sources.azure.credential.authorityHost", config.authorityHost()));
    }
    return credential;
  }

  private static HashicorpSourceOptions hashicorp(
      SourcesConfig.Hashicorp config, CliEnvironment environment) {
    URI address = url("sources.hashicorp.address", config.address());
    if ((config.tokenEnv() == null) == (config.appRole() == null)) {
      throw new ConfigException("sources.hashicorp needs exactly one of 'tokenEnv' and 'appRole'");
    }
    HashicorpAuth auth;
    if (config.tokenEnv() != null) {
      auth =
          new HashicorpAuth.Token(
              envSecret(environment, "sources.hashicorp.tokenEnv", config.tokenEnv()));
    } else {
      SourcesConfig.AppRole role = config.appRole();
      SecretValue secretId =
          envSecret(
              environment,
              "sources.hashicorp.appRole.secretIdEnv",
              required("sources.hashicorp.appRole.secretIdEnv", role.secretIdEnv()));
      String roleId = required("sources.hashicorp.appRole.roleId", role.roleId());
      auth =
          guarded(
              "sources.hashicorp.appRole",
              () ->
                  new HashicorpAuth.AppRole(
                      roleId, secretId, role.mount() == null ? "approle" : role.mount()));
    }
    HashicorpAuth chosen = auth;
    HashicorpSourceOptions options =
        guarded("sources.hashicorp", () -> HashicorpSourceOptions.of(address, chosen));
    if (config.namespace() != null) {
      options = guarded("sources.hashicorp.namespace", namespaced(options, config.namespace()));
    }
    options =
        options
            .withPollInterval(
                duration(
                    "sources.hashicorp.pollInterval",
                    config.pollInterval(),
                    HashicorpSourceOptions.DEFAULT_POLL_INTERVAL))
            .withRequestTimeout(
                duration(
                    "sources.hashicorp.timeout",
                    config.timeout(),
                    HashicorpSourceOptions.DEFAULT_REQUEST_TIMEOUT));
    if (config.caCertificates() != null) {
      options =
          options.withCaCertificates(
              readable("sources.hashicorp.caCertificates", config.caCertificates()));
    }
    return options;
  }

  private static Supplier<HashicorpSourceOptions> namespaced(
      HashicorpSourceOptions options, String namespace) {
    return () -> options.withNamespace(namespace);
  }
}
