package io.keygate.app.check;

import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.config.SourceSettings;
import io.keygate.check.MetadataSource;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.azure.AzureCredentialOptions;
import io.keygate.sources.azure.AzureSourceOptions;
import io.keygate.sources.hashicorp.HashicorpAuth;
import io.keygate.sources.hashicorp.HashicorpSourceOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --source azure://[vault]} and {@code --source hashicorp://[mount]}: the external vaults
 * the check asks for the metadata of their references, configured as {@code serve} configures them
 * ({@code sources.azure}, {@code sources.hashicorp} in --config). Without that section, Azure signs
 * in with the default credential chain and maps a vault name to {@code
 * https://<name>.vault.azure.net/}; HashiCorp Vault is found as its own CLI finds it ({@code
 * VAULT_ADDR}, {@code VAULT_TOKEN}, {@code VAULT_CACERT}, {@code VAULT_NAMESPACE}).
 */
final class ExternalSources {
  private static final Pattern SOURCE = Pattern.compile("(azure|hashicorp)(?::/?/?([^/]*)/?)?");

  private ExternalSources() {}

  /** The metadata sources for {@code uris}; a malformed or unusable one is a CouldNotRun. */
  static List<MetadataSource> of(
      List<String> uris, SourceSettings settings, CliEnvironment environment, Instant now) {
    List<MetadataSource> sources = new ArrayList<>();
    for (String uri : uris) {
      Matcher m = SOURCE.matcher(uri.strip());
      if (!m.matches()) {
        throw new CheckCommand.CouldNotRun(
            "--source '"
                + uri
                + "' is not one the check can ask: use azure://[vault] or hashicorp://[mount]"
                + " (keygate vaults: --data DIR or --addr URL)");
      }
      Optional<String> only = Optional.ofNullable(m.group(2)).filter(s -> !s.isEmpty());
      try {
        sources.add(
            m.group(1).equals("azure")
                ? new AzureMetadata(azure(settings), only)
                : new HashicorpMetadata(hashicorp(settings, environment), only, now));
      } catch (IllegalArgumentException e) {
        throw new CheckCommand.CouldNotRun("--source " + uri + ": " + e.getMessage());
      }
    }
    return sources;
  }

  private static AzureSourceOptions azure(SourceSettings settings) {
    return settings
        .azure()
        .orElseGet(() -> AzureSourceOptions.of(Map.of(), AzureCredentialOptions.defaultChain()));
  }

  private static HashicorpSourceOptions hashicorp(
      SourceSettings settings, CliEnvironment environment) {
    if (settings.hashicorp().isPresent()) {
      return settings.hashicorp().get();
    }
    String address =
        environment
            .variable("VAULT_ADDR")
            .orElseThrow(
                () ->
                    new CheckCommand.CouldNotRun(
                        "--source hashicorp:// needs sources.hashicorp in --config, or VAULT_ADDR"
                            + " and VAULT_TOKEN"));
    SecretValue token =
        environment
            .variable("VAULT_TOKEN")
            .map(SecretValue::of)
            .orElseThrow(
                () ->
                    new CheckCommand.CouldNotRun(
                        "--source hashicorp:// with VAULT_ADDR needs VAULT_TOKEN (a token that"
                            + " may read <mount>/metadata/*)"));
    HashicorpSourceOptions options =
        HashicorpSourceOptions.of(URI.create(address.strip()), new HashicorpAuth.Token(token));
    Optional<String> ca = environment.variable("VAULT_CACERT");
    if (ca.isPresent()) {
      options = options.withCaCertificates(Path.of(ca.get()));
    }
    Optional<String> namespace = environment.variable("VAULT_NAMESPACE");
    if (namespace.isPresent()) {
      options = options.withNamespace(namespace.get());
    }
    return options;
  }
}
