package io.keygate.sources.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.watch.JsonFields;
import io.keygate.sources.watch.PemTrust;
import io.keygate.sources.watch.SourceListeners;
import io.keygate.sources.watch.VersionWatcher;
import io.keygate.sources.watch.VersionWatcher.State;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Azure Key Vault as a {@link SecretSource}: resolves {@code azure://<vault>/<secret>[#version]
 * [#/json/pointer]} through the official SDK's asynchronous client, with an azure-identity
 * credential.
 *
 * <p>Guarantees: never blocks the calling thread; a failure is a {@link SecretAccessException} (see
 * {@link AzureErrors}) whose message names the secret and the vault, never a value. The access is
 * Keygate's own identity's: Azure checks and audits it; the caller is not sent to Azure. Every
 * secret served at its current version is watched: a poll on the configured interval, and Event
 * Grid deliveries to {@link #eventGridHandler()}, publish {@code NEW_VERSION}, {@code DISABLED},
 * {@code DELETED}, {@code NEAR_EXPIRY} and {@code EXPIRED} events with the reference's vault name
 * and the secret's name.
 */
public final class AzureSecretSource implements SecretSource, AutoCloseable {
  /** The scheme this source serves. */
  public static final String SCHEME = "azure";

  /** How long one HTTP exchange with the vault or the token authority may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Fewer, shorter retries than the SDK's default (3, from 0.8 s): a cache miss waits on this, and
   * the gateway's resolver already serves the last good value while the vault is failing.
   */
  private static final RetryOptions RETRIES =
      new RetryOptions(
          new ExponentialBackoffOptions()
              .setMaxRetries(2)
              .setBaseDelay(Duration.ofMillis(200))
              .setMaxDelay(Duration.ofSeconds(2)));

  private final AzureSourceOptions options;
  private final HttpClient http;
  private final TokenCredential credential;
  private final Map<String, SecretAsyncClient> clients = new ConcurrentHashMap<>();
  private final SourceListeners listeners = new SourceListeners();
  private final VersionWatcher watcher;
  private final Clock clock;

  private AzureSecretSource(
      AzureSourceOptions options, HttpClient http, TokenCredential credential, Clock clock) {
    this.options = options;
    this.http = http;
    this.credential = credential;
    this.clock = clock;
    this.watcher =
        new VersionWatcher("azure", options.pollInterval(), this::probe, listeners::publish, clock);
  }

  /**
   * A source signing in with the credential {@code options} describe. Invalid settings (an
   * unreadable CA file...) are an {@link IllegalArgumentException}; nothing is contacted yet.
   */
  public static AzureSecretSource create(AzureSourceOptions options) {
    HttpClient http = httpClient(options);
    return new AzureSecretSource(
        options, http, AzureCredentials.build(options.credential(), http), Clock.systemUTC());
  }

  /**
   * A source signing in with {@code credential} instead of the one in {@code options} (which is
   * then ignored): for hosts that provide their own token, and for tests.
   */
  public static AzureSecretSource create(AzureSourceOptions options, TokenCredential credential) {
    return new AzureSecretSource(options, httpClient(options), credential, Clock.systemUTC());
  }

  private static HttpClient httpClient(AzureSourceOptions options) {
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
    options.caCertificates().ifPresent(pem -> jdk.sslContext(PemTrust.trusting(pem)));
    return new JdkHttpClientBuilder(jdk)
        .connectionTimeout(REQUEST_TIMEOUT)
        .responseTimeout(REQUEST_TIMEOUT)
        .build();
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    if (!SCHEME.equals(ref.source())) {
      return CompletableFuture.failedFuture(
          new SecretAccessException(
              400,
              "UnsupportedSource",
              "secret reference " + ref + " is not an azure:// reference"));
    }
    String vaultUrl = options.vaultUrl(ref.vault()).toString();
    CompletableFuture<KeyVaultSecret> fetched;
    try {
      SecretAsyncClient client = client(ref.vault());
      fetched =
          ref.version().isPresent()
              ? client.getSecret(ref.name(), ref.version().get()).toFuture()
              : client.getSecret(ref.name()).toFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(AzureErrors.of(e, ref.toString(), vaultUrl));
    }
    return fetched.handle(
        (secret, error) -> {
          if (error != null) {
            throw AzureErrors.of(error, ref.toString(), vaultUrl);
          }
          return served(ref, secret);
        });
  }

  private ResolvedSecret served(SecretRef ref, KeyVaultSecret secret) {
    String version = secret.getProperties().getVersion();
    String text = secret.getValue() == null ? "" : secret.getValue();
    SecretValue value =
        ref.field().isEmpty()
            ? SecretValue.of(text)
            : JsonFields.select(
                JsonFields.parse(text, ref.field().get(), ref.toString()),
                ref.field().get(),
                ref.toString());
    if (ref.version().isEmpty()) {
      watcher.served(ref.vault(), ref.name(), version);
    }
    Optional<java.time.Instant> expires =
        Optional.ofNullable(secret.getProperties().getExpiresOn()).map(OffsetDateTime::toInstant);
    return new ResolvedSecret(ref, value, version, expires);
  }

  private CompletionStage<State> probe(String vault, String name) {
    String vaultUrl = options.vaultUrl(vault).toString();
    return client(vault)
        .getSecret(name)
        .toFuture()
        .handle(
            (secret, error) -> {
              if (error == null) {
                return State.current(secret.getProperties().getVersion());
              }
              SecretAccessException mapped =
                  AzureErrors.of(error, "azure://" + vault + "/" + name, vaultUrl);
              return switch (mapped.code()) {
                case "SecretNotFound" -> State.gone();
                case "SecretDisabled" -> State.disabled();
                default -> throw mapped;
              };
            });
  }

  private SecretAsyncClient client(String vault) {
    return clients.computeIfAbsent(
        vault,
        name -> {
          SecretClientBuilder builder =
              new SecretClientBuilder()
                  .vaultUrl(options.vaultUrl(name).toString())
                  .credential(credential)
                  .httpClient(http)
                  .retryOptions(RETRIES);
          if (!options.verifyChallengeResource()) {
            builder.disableChallengeResourceVerification();
          }
          return builder.buildAsyncClient();
        });
  }

  /**
   * {@link Readability#NOT_FOUND} when the vault lists no such secret (or not the pinned version),
   * else {@link Readability#UNKNOWN}: Keygate's own identity reads, so who else could is not a
   * question Azure answers. Lists version metadata only; never reads a value. Any failure is
   * UNKNOWN.
   */
  @Override
  public CompletionStage<Readability> readability(SecretRef ref) {
    if (!SCHEME.equals(ref.source())) {
      return CompletableFuture.completedFuture(Readability.UNKNOWN);
    }
    try {
      return client(ref.vault())
          .listPropertiesOfSecretVersions(ref.name())
          .any(version -> ref.version().map(v -> v.equals(version.getVersion())).orElse(true))
          .toFuture()
          .handle(
              (found, error) -> {
                if (error != null) {
                  return AzureErrors.of(error, ref.toString(), "").code().equals("SecretNotFound")
                      ? Readability.NOT_FOUND
                      : Readability.UNKNOWN;
                }
                return found ? Readability.UNKNOWN : Readability.NOT_FOUND;
              });
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(Readability.UNKNOWN);
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    return listeners.subscribe(listener);
  }

  /**
   * A handler for Event Grid deliveries (Event Grid or CloudEvents 1.0 schema) to mount on a route
   * that accepts POST and OPTIONS, e.g. {@code /events/azure} on the admin listener: it answers the
   * subscription validation handshake and turns Key Vault secret events into {@link SecretEvent}s
   * at once. With {@link AzureSourceOptions#eventGridKey()} set, deliveries without the key get
   * 401, except the subscription handshakes (which change nothing).
   */
  public Handler<RoutingContext> eventGridHandler() {
    return new EventGridHandler(
        options, new EventGridEvents(options), watcher, listeners::publish, clock);
  }

  /** Checks every watched secret now (what the poller does on its interval). */
  public CompletionStage<Void> pollNow() {
    return watcher.pollNow();
  }

  /** Stops polling. The SDK clients hold no resources of their own beyond the JDK client. */
  @Override
  public void close() {
    watcher.close();
  }
}
