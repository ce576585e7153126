package io.keygate.app.apps;

import io.keygate.app.cli.TimeArgument;
import io.keygate.app.config.ConfigException;
import io.keygate.gateway.auth.jwt.JwtAuthenticator;
import io.keygate.gateway.config.JwtAuthConfig;
import io.keygate.vault.server.azure.AzureSettings;
import io.keygate.vault.server.identity.LoginThrottle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The identity service and the Azure-compatible API as {@code serve} runs them, resolved from
 * {@code identity:} and {@code azure:} with their defaults.
 *
 * @param tenant the tenant id
 * @param issuer the {@code iss} of Keygate's tokens
 * @param tokenLifetime how long they live
 * @param trust the OIDC issuers whose tokens the vault's APIs accept
 * @param azure the Azure-compatible API's settings, or empty when it is off
 * @param throttle the limits on failed sign-ins ({@code identity.throttle})
 */
public record IdentitySettings(
    String tenant,
    String issuer,
    Duration tokenLifetime,
    List<JwtAuthConfig> trust,
    Optional<AzureSettings> azure,
    LoginThrottle.Settings throttle) {
  public static final String DEFAULT_TENANT = "keygate";
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  /**
   * @param adminHost the admin listener's host and {@code adminPort} its port, for the default
   *     issuer
   * @throws ConfigException naming the key when a value is invalid
   */
  public static IdentitySettings resolve(
      IdentityConfig identity, AzureConfig azure, String adminHost, int adminPort) {
    Optional<IdentityConfig> given = Optional.ofNullable(identity);
    String tenant = given.map(IdentityConfig::tenant).orElse(DEFAULT_TENANT);
    if (!tenant.matches("[A-Za-z0-9.-]{1,64}")) {
      throw new ConfigException(
          "identity.tenant: '" + tenant + "' must be 1 to 64 letters, digits, '-' or '.'");
    }
    String host = adminHost.contains(":") ? "[" + adminHost + "]" : adminHost;
    String issuer =
        given
            .map(IdentityConfig::issuer)
            .orElse("https://" + host + ":" + adminPort + "/" + tenant + "/v2.0");
    Duration lifetime = DEFAULT_LIFETIME;
    String text = given.map(IdentityConfig::tokenLifetime).orElse(null);
    if (text != null) {
      try {
        lifetime = TimeArgument.duration("identity.tokenLifetime", text);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
      if (lifetime.isZero() || lifetime.compareTo(Duration.ofDays(1)) > 0) {
        throw new ConfigException("identity.tokenLifetime: must be between 1s and 1d");
      }
    }
    List<JwtAuthConfig> trust = given.map(IdentityConfig::trust).orElse(List.of());
    if (!trust.isEmpty()) {
      try {
        JwtAuthenticator.validate(trust);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("identity.trust: " + e.getMessage());
      }
    }
    Optional<AzureSettings> azureSettings = Optional.empty();
    Optional<AzureConfig> azureGiven = Optional.ofNullable(azure);
    if (azureGiven.map(AzureConfig::enabled).orElse(true)) {
      String domain = azureGiven.map(AzureConfig::domain).orElse(AzureSettings.DEFAULT_DOMAIN);
      try {
        azureSettings = Optional.of(new AzureSettings(domain));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("azure.domain: " + e.getMessage());
      }
    }
    return new IdentitySettings(
        tenant,
        issuer,
        lifetime,
        List.copyOf(trust),
        azureSettings,
        throttle(given.map(IdentityConfig::throttle).orElse(null)));
  }

  private static LoginThrottle.Settings throttle(IdentityConfig.Throttle given) {
    LoginThrottle.Settings defaults = LoginThrottle.Settings.DEFAULTS;
    if (given == null) {
      return defaults;
    }
    try {
      return new LoginThrottle.Settings(
          given.failuresPerClient() == null
              ? defaults.failuresPerClient()
              : given.failuresPerClient(),
          given.failuresPerAddress() == null
              ? defaults.failuresPerAddress()
              : given.failuresPerAddress(),
          given.window() == null
              ? defaults.window()
              : TimeArgument.duration("identity.throttle.window", given.window()),
          given.maximumTracked() == null ? defaults.maximumTracked() : given.maximumTracked());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("identity.throttle: " + e.getMessage());
    }
  }

  /** The defaults for an admin listener on {@code adminHost:adminPort}. */
  public static IdentitySettings defaults(String adminHost, int adminPort) {
    return resolve(null, null, adminHost, adminPort);
  }
}
