package io.keygate.app.serve;

import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.cli.TimeArgument;
import io.keygate.app.config.ConfigException;
import io.keygate.app.config.CredentialsConfig;
import io.keygate.app.config.KeygateConfig;
import io.keygate.app.config.SourceSettings;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.VaultOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything {@code keygate serve} needs, resolved from flags, then the config file, then the
 * defaults.
 *
 * @param dataDirectory the data directory
 * @param admin the admin listener
 * @param tls a configured certificate, or empty for the self-signed one in the data directory
 * @param gateway the gateway listener
 * @param apis the folder of API definitions
 * @param policies the folder of policies
 * @param vault how to open the vault
 * @param gatewayTls a certificate for the gateway listener, or empty for plain HTTP
 * @param h2c whether the gateway accepts clear-text HTTP/2
 * @param sources the secret sources besides the embedded vault ({@code sources:})
 * @param credentials the gateway's credential cache and retry ({@code gateway.credentials})
 * @param identity the token endpoint and the Azure-compatible API ({@code identity:}, {@code
 *     azure:})
 * @param gatewayEventLoops the gateway's event loops ({@code gateway.eventLoops}; 0 = one per
 *     processor)
 */
public record ServeSettings(
    Path dataDirectory,
    HostPort admin,
    Optional<KeygateConfig.Tls> tls,
    HostPort gateway,
    Path apis,
    Path policies,
    VaultOptions vault,
    Optional<KeygateConfig.Tls> gatewayTls,
    boolean h2c,
    SourceSettings sources,
    io.keygate.gateway.credentials.CredentialSettings credentials,
    io.keygate.app.apps.IdentitySettings identity,
    int gatewayEventLoops) {
  public static final String DEFAULT_DATA = "keygate-data";
  public static final String DEFAULT_ADMIN_LISTEN = "127.0.0.1:8443";
  public static final String DEFAULT_GATEWAY_LISTEN = "127.0.0.1:8080";

  /**
   * Flags given on the command line; null when not given.
   *
   * @param data {@code --data}
   * @param adminListen {@code --admin-listen}
   * @param listen {@code --listen}
   * @param apis {@code --apis}
   * @param policies {@code --policies}
   */
  public record Flags(Path data, String adminListen, String listen, Path apis, Path policies) {
    /** Without {@code --apis} and {@code --policies}. */
    public Flags(Path data, String adminListen, String listen) {
      this(data, adminListen, listen, null, null);
    }
  }

  /**
   * Resolves the settings.
   *
   * @throws ConfigException when a value is invalid, naming it
   */
  public static ServeSettings resolve(
      KeygateConfig config, Flags flags, CliEnvironment environment) {
    Path data =
        first(flags.data(), config.data())
            .orElse(Path.of(DEFAULT_DATA))
            .toAbsolutePath()
            .normalize();
    var adminConfig = Optional.ofNullable(config.admin());
    var gatewayConfig = Optional.ofNullable(config.gateway());
    HostPort admin =
        listen(
            "--admin-listen / admin.listen",
            first(flags.adminListen(), adminConfig.map(KeygateConfig.Admin::listen).orElse(null))
                .orElse(DEFAULT_ADMIN_LISTEN));
    HostPort gateway =
        listen(
            "--listen / gateway.listen",
            first(flags.listen(), gatewayConfig.map(KeygateConfig.Gateway::listen).orElse(null))
                .orElse(DEFAULT_GATEWAY_LISTEN));
    Optional<KeygateConfig.Tls> tls =
        requireComplete("admin.tls", adminConfig.map(KeygateConfig.Admin::tls));
    Optional<KeygateConfig.Tls> gatewayTls =
        requireComplete("gateway.tls", gatewayConfig.map(KeygateConfig.Gateway::tls));
    boolean h2c = gatewayConfig.map(KeygateConfig.Gateway::h2c).orElse(false);
    Path apis =
        first(flags.apis(), gatewayConfig.map(KeygateConfig.Gateway::apis).orElse(null))
            .orElse(data.resolve("apis"));
    Path policies =
        first(flags.policies(), gatewayConfig.map(KeygateConfig.Gateway::policies).orElse(null))
            .orElse(data.resolve("policies"));
    return new ServeSettings(
        data,
        admin,
        tls,
        gateway,
        apis,
        policies,
        vaultOptions(config, data, environment),
        gatewayTls,
        h2c,
        SourceSettings.resolve(config.sources(), environment),
        gatewayConfig
            .map(KeygateConfig.Gateway::credentials)
            .map(CredentialsConfig::toSettings)
            .orElse(io.keygate.gateway.credentials.CredentialSettings.DEFAULTS),
        io.keygate.app.apps.IdentitySettings.resolve(
            config.identity(), config.azure(), admin.host(), admin.port()),
        eventLoops(gatewayConfig.map(KeygateConfig.Gateway::eventLoops).orElse(null)));
  }

  /** Enough for any machine; a larger number is a typo, not a plan. */
  private static final int MAX_EVENT_LOOPS = 1024;

  private static int eventLoops(Integer configured) {
    if (configured == null) {
      return 0;
    }
    if (configured < 1 || configured > MAX_EVENT_LOOPS) {
      throw new ConfigException(
          "gateway.eventLoops must be between 1 and "
              + MAX_EVENT_LOOPS
              + " (leave it out for one per processor), not "
              + configured);
    }
    return configured;
  }

  private static Optional<KeygateConfig.Tls> requireComplete(
      String key, Optional<KeygateConfig.Tls> tls) {
    tls.ifPresent(
        given -> {
          if (given.certificate() == null || given.privateKey() == null) {
            throw new ConfigException(
                key + " needs both 'certificate' and 'privateKey' (PEM files)");
          }
        });
    return tls;
  }

  private static VaultOptions vaultOptions(
      KeygateConfig config, Path data, CliEnvironment environment) {
    var storage = Optional.ofNullable(config.storage());
    Optional<String> jdbcUrl = storage.map(KeygateConfig.Storage::jdbcUrl);
    Optional<String> password =
        storage
            .map(KeygateConfig.Storage::passwordEnv)
            .map(
                name ->
                    environment
                        .variable(name)
                        .orElseThrow(
                            () ->
                                new ConfigException(
                                    "storage.passwordEnv names "
                                        + name
                                        + ", which is not set in the environment")));
    if (jdbcUrl.isEmpty() && storage.map(KeygateConfig.Storage::user).isPresent()) {
      throw new ConfigException("storage.user is set but storage.jdbcUrl is not");
    }
    var vault = Optional.ofNullable(config.vault());
    int retention =
        vault.map(KeygateConfig.Vault::retentionDays).orElse(VaultOptions.DEFAULT_RETENTION_DAYS);
    if (retention < 7 || retention > 90) {
      throw new ConfigException("vault.retentionDays must be from 7 to 90; got " + retention);
    }
    int maxValue =
        vault.map(KeygateConfig.Vault::maxValueBytes).orElse(VaultOptions.DEFAULT_MAX_VALUE_BYTES);
    if (maxValue < 1) {
      throw new ConfigException("vault.maxValueBytes must be positive; got " + maxValue);
    }
    Duration sweep = VaultOptions.DEFAULT_SWEEP_INTERVAL;
    Optional<String> sweepText = vault.map(KeygateConfig.Vault::sweepInterval);
    if (sweepText.isPresent()) {
      try {
        sweep = TimeArgument.duration("vault.sweepInterval", sweepText.get());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
    }
    return new VaultOptions(
        data,
        jdbcUrl,
        storage.map(KeygateConfig.Storage::user),
        password,
        masterKey(config.masterKey(), data, environment),
        retention,
        maxValue,
        sweep,
        Clock.systemUTC());
  }

  private static MasterKeySource masterKey(
      KeygateConfig.MasterKey config, Path data, CliEnvironment environment) {
    if (config == null
        || (config.file() == null && config.env() == null && config.passphraseEnv() == null)) {
      return environment
          .variable(MasterKeySource.ENVIRONMENT_VARIABLE)
          .<MasterKeySource>map(
              value ->
                  new MasterKeySource.KeyMaterial(
                      SecretValue.of(value.strip()),
                      "environment variable " + MasterKeySource.ENVIRONMENT_VARIABLE))
          .orElseGet(() -> MasterKeySource.keyFile(data.resolve("master-key.json")));
    }
    int given =
        (config.file() != null ? 1 : 0)
            + (config.env() != null ? 1 : 0)
            + (config.passphraseEnv() != null ? 1 : 0);
    if (given > 1) {
      throw new ConfigException("masterKey: give only one of 'file', 'env' and 'passphraseEnv'");
    }
    if (config.file() != null) {
      return MasterKeySource.keyFile(config.file().toAbsolutePath().normalize());
    }
    if (config.env() != null) {
      String value = required(environment, "masterKey.env", config.env());
      return new MasterKeySource.KeyMaterial(
          SecretValue.of(value.strip()), "environment variable " + config.env());
    }
    return MasterKeySource.passphrase(
        SecretValue.of(required(environment, "masterKey.passphraseEnv", config.passphraseEnv())));
  }

  private static String required(CliEnvironment environment, String key, String variable) {
    return environment
        .variable(variable)
        .orElseThrow(
            () ->
                new ConfigException(
                    key + " names " + variable + ", which is not set in the environment"));
  }

  private static HostPort listen(String what, String text) {
    try {
      return HostPort.parse(what, text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  @SafeVarargs
  private static <T> Optional<T> first(T... candidates) {
    for (T candidate : candidates) {
      if (candidate != null) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
