package io.keygate.sources.embedded;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.vault.SecretBundle;
import io.keygate.vault.SecretVault;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.GuardedVault;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded vault as a {@link SecretSource}: resolves references without a scheme, in process,
 * on behalf of the caller.
 *
 * <p>Guarantees: the caller's principals ({@code user:}, {@code group:}, {@code app:}, {@code
 * key:}) must hold {@code secrets-user} (or more) on the secret; the gateway node is recorded as
 * {@code via} and holds no rights of its own, and {@code admin} or {@code service:} principals in a
 * caller are ignored, so a gateway can never read with more than its caller's rights. Every
 * resolution is audited (caller, node, API, secret, version, outcome) before the stage completes;
 * if the audit fails, the stage fails with 503 {@code AuditUnavailable}. The vault call runs on the
 * executor, never on the calling thread. Failures are {@link SecretAccessException}s whose messages
 * name the secret and never a value.
 */
public final class EmbeddedVaultSource implements SecretSource {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedVaultSource.class);

  private final SecretVault vault;
  private final GuardedVault guarded;
  private final Executor executor;

  /** Resolves through {@code vault}, running vault calls on {@code executor}. */
  public EmbeddedVaultSource(SecretVault vault, Executor executor) {
    this.vault = vault;
    this.guarded = new GuardedVault(vault);
    this.executor = executor;
  }

  /** Resolves through {@code vault}, one virtual thread per vault call. */
  public static EmbeddedVaultSource onVirtualThreads(SecretVault vault) {
    return new EmbeddedVaultSource(vault, Executors.newVirtualThreadPerTaskExecutor());
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    if (!SecretRef.EMBEDDED.equals(ref.source())) {
      return CompletableFuture.failedFuture(
          new SecretAccessException(
              400,
              "UnsupportedSource",
              "secret reference "
                  + ref
                  + " names the source '"
                  + ref.source()
                  + "', which the embedded vault does not serve"));
    }
    Actor actor = actorFor(caller);
    CompletableFuture<ResolvedSecret> result = new CompletableFuture<>();
    try {
      executor.execute(() -> complete(result, ref, actor));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          new SecretAccessException(
              503, "ServiceUnavailable", "the embedded vault is shutting down"));
    }
    return result;
  }

  private void complete(CompletableFuture<ResolvedSecret> result, SecretRef ref, Actor actor) {
    try {
      result.complete(
          guarded.readValue(
              actor, ref.vault(), ref.name(), ref.version(), bundle -> resolved(ref, bundle)));
    } catch (SecretAccessException e) {
      result.completeExceptionally(e);
    } catch (RuntimeException e) {
      log.error("Embedded vault failed to resolve {}", ref, e);
      result.completeExceptionally(
          new SecretAccessException(
              500, "SecretSourceFailed", "the embedded vault failed to resolve " + ref));
    }
  }

  private static ResolvedSecret resolved(SecretRef ref, SecretBundle bundle) {
    String version = bundle.properties().version();
    var value =
        ref.field().isEmpty()
            ? bundle.value()
            : JsonField.extract(
                bundle.value(),
                ref.field().get(),
                ref.vault() + "/" + ref.name() + " version " + version);
    return new ResolvedSecret(ref, value, version, bundle.properties().expires());
  }

  /** Only a caller's own identities count: never the node's, never an admin or service one. */
  static Actor actorFor(Caller caller) {
    List<String> principals =
        caller.principals().stream().filter(EmbeddedVaultSource::isCallerPrincipal).toList();
    String onBehalfOf = principals.isEmpty() ? "" : principals.get(0);
    return new Actor(principals, onBehalfOf, caller.node(), caller.api(), caller.requestId());
  }

  /**
   * {@code NOT_FOUND} when the secret (or vault) does not exist; {@code READABLE} when some caller
   * principal ({@code user:}, {@code group:}, {@code app:}, {@code key:}: the only ones a gateway
   * resolves for) holds a role that reads values on a scope covering it; else {@code NO_READER}.
   * Metadata and assignments only, no value read. {@code UNKNOWN} if the vault fails to answer.
   */
  @Override
  public CompletionStage<Readability> readability(SecretRef ref) {
    if (!SecretRef.EMBEDDED.equals(ref.source())) {
      return CompletableFuture.completedFuture(Readability.UNKNOWN);
    }
    CompletableFuture<Readability> result = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              result.complete(readabilityNow(ref));
            } catch (RuntimeException e) {
              log.debug("Could not tell whether {} is readable: {}", ref, e.toString());
              result.complete(Readability.UNKNOWN);
            }
          });
    } catch (RejectedExecutionException e) {
      result.complete(Readability.UNKNOWN);
    }
    return result;
  }

  private Readability readabilityNow(SecretRef ref) {
    try {
      vault.listVersions(ref.vault(), ref.name(), 1, java.util.Optional.empty());
    } catch (io.keygate.vault.VaultException.NotFound missing) {
      return Readability.NOT_FOUND;
    }
    boolean someReader =
        vault.roles().list(java.util.Optional.empty(), java.util.Optional.empty()).stream()
            .anyMatch(
                a ->
                    isCallerPrincipal(a.principal())
                        && a.grants(
                            io.keygate.vault.rbac.Action.READ_VALUE, ref.vault(), ref.name()));
    return someReader ? Readability.READABLE : Readability.NO_READER;
  }

  private static boolean isCallerPrincipal(String p) {
    return p.startsWith("user:")
        || p.startsWith("group:")
        || p.startsWith("app:")
        || p.startsWith("key:");
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    return vault.subscribe(listener);
  }
}
