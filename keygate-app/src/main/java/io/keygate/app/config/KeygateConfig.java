package io.keygate.app.config;

import java.nio.file.Path;

/**
 * The node's configuration file, {@code keygate.yaml}. Every key is optional; what is absent takes
 * its default, and command-line flags override what is here. docs/CONFIGURATION.md is the
 * reference.
 *
 * @param data the data directory (default {@code ./keygate-data})
 * @param admin the admin HTTPS listener
 * @param gateway the gateway listener
 * @param storage where the vault keeps its data (default SQLite in the data directory)
 * @param masterKey where the master key comes from
 * @param vault vault behaviour: retention, value size, sweeper
 * @param sources secret sources besides the embedded vault (docs/SOURCES.md)
 * @param identity Keygate's token endpoint and trusted OIDC issuers (docs/AZURE-SDK.md)
 * @param azure the Azure Key Vault-compatible API (docs/AZURE-SDK.md)
 */
public record KeygateConfig(
    Path data,
    Admin admin,
    Gateway gateway,
    Storage storage,
    MasterKey masterKey,
    Vault vault,
    SourcesConfig sources,
    io.keygate.app.apps.IdentityConfig identity,
    io.keygate.app.apps.AzureConfig azure) {

  /** Without {@code identity:} and {@code azure:} sections. */
  public KeygateConfig(
      Path data,
      Admin admin,
      Gateway gateway,
      Storage storage,
      MasterKey masterKey,
      Vault vault,
      SourcesConfig sources) {
    this(data, admin, gateway, storage, masterKey, vault, sources, null, null);
  }

  /** Without a {@code sources:} section. */
  public KeygateConfig(
      Path data, Admin admin, Gateway gateway, Storage storage, MasterKey masterKey, Vault vault) {
    this(data, admin, gateway, storage, masterKey, vault, null);
  }

  /** A configuration with every key at its default. */
  public static KeygateConfig defaults() {
    return new KeygateConfig(null, null, null, null, null, null, null, null, null);
  }

  /**
   * @param listen {@code HOST:PORT} (default {@code 127.0.0.1:8443})
   * @param tls a real certificate; absent: a self-signed one generated into the data directory
   */
  public record Admin(String listen, Tls tls) {}

  /**
   * @param certificate PEM certificate (chain) file
   * @param privateKey PEM private key file (PKCS#8 or PKCS#1)
   */
  public record Tls(Path certificate, Path privateKey) {}

  /**
   * @param listen {@code HOST:PORT} (default {@code 127.0.0.1:8080})
   * @param apis folder of API definitions (default {@code <data>/apis})
   * @param policies folder of policies (default {@code <data>/policies})
   * @param tls a certificate for the gateway listener (HTTPS, HTTP/2 by ALPN); absent: plain HTTP
   * @param h2c whether clear-text HTTP/2 is accepted (default false; see docs/GATEWAY.md)
   * @param credentials the credential cache and the retry on rotation (docs/CREDENTIALS.md)
   * @param eventLoops how many event loops accept and proxy requests (default: one per processor)
   */
  public record Gateway(
      String listen,
      Path apis,
      Path policies,
      Tls tls,
      Boolean h2c,
      CredentialsConfig credentials,
      Integer eventLoops) {
    /** Without {@code credentials} and {@code eventLoops} (defaults). */
    public Gateway(String listen, Path apis, Path policies, Tls tls, Boolean h2c) {
      this(listen, apis, policies, tls, h2c, null, null);
    }

    /** Without {@code eventLoops} (one per processor). */
    public Gateway(
        String listen,
        Path apis,
        Path policies,
        Tls tls,
        Boolean h2c,
        CredentialsConfig credentials) {
      this(listen, apis, policies, tls, h2c, credentials, null);
    }
  }

  /**
   * @param jdbcUrl a {@code jdbc:postgresql:} URL; absent: SQLite at {@code <data>/vault.db}
   * @param user the database user
   * @param passwordEnv the environment variable holding the database password
   */
  public record Storage(String jdbcUrl, String user, String passwordEnv) {}

  /**
   * Exactly one of the three, or none for the default ({@code KEYGATE_MASTER_KEY} if set, else the
   * development key file {@code <data>/master-key.json}).
   *
   * @param file a Tink keyset JSON file (created 0600 if missing)
   * @param env an environment variable holding a Tink keyset JSON or base64 of 32 bytes
   * @param passphraseEnv an environment variable holding a passphrase
   */
  public record MasterKey(Path file, String env, String passphraseEnv) {}

  /**
   * @param retentionDays days a deleted secret stays recoverable: 7 to 90 (default 90)
   * @param maxValueBytes the largest value accepted (default 25600)
   * @param sweepInterval how often expired deletions are purged, e.g. {@code 1h} (default 1h)
   */
  public record Vault(Integer retentionDays, Integer maxValueBytes, String sweepInterval) {}
}
