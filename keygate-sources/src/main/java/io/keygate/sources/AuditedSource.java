package io.keygate.sources;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.AuditLog;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every resolution of an external source (Azure Key Vault, HashiCorp Vault, environment,
 * file) to Keygate's own audit log, since those sources read with the node's credential and cannot
 * name the caller in theirs.
 *
 * <p>Guarantees: each resolution, served or refused, gets one {@code READ_VALUE} entry naming the
 * caller's principals, the caller ({@code onBehalfOf}: the first principal), the node ({@code
 * via}), the API, the request id, the reference (vault {@code <scheme>://<vault>}, name) and the
 * version served, or the error code. Audit before answer: the value is handed out only after its
 * entry is committed; if the audit fails the stage fails with 503 {@code AuditUnavailable}. The
 * audit write (JDBC) runs on the executor, never on the calling thread.
 */
public final class AuditedSource implements SecretSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditedSource.class);

  private final SecretSource source;
  private final AuditLog audit;
  private final Executor executor;
  private final Clock clock;

  public AuditedSource(SecretSource source, AuditLog audit, Executor executor, Clock clock) {
    this.source = source;
    this.audit = audit;
    this.executor = executor;
    this.clock = clock;
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    CompletionStage<ResolvedSecret> stage;
    try {
      stage = source.resolve(ref, caller);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<ResolvedSecret> result = new CompletableFuture<>();
    stage.whenComplete(
        (secret, error) -> {
          try {
            executor.execute(
                () -> {
                  try {
                    result.complete(audited(ref, caller, secret, unwrap(error)));
                  } catch (Throwable failure) {
                    result.completeExceptionally(failure);
                  }
                });
          } catch (RejectedExecutionException e) {
            result.completeExceptionally(
                new SecretAccessException(503, "ServiceUnavailable", "the node is shutting down"));
          }
        });
    return result;
  }

  private ResolvedSecret audited(
      SecretRef ref, Caller caller, ResolvedSecret secret, Throwable error) throws Throwable {
    String outcome;
    String code;
    if (error == null) {
      outcome = AuditEntry.ALLOWED;
      code = "";
    } else if (error instanceof SecretAccessException denied) {
      outcome = denied.status() == 403 ? AuditEntry.DENIED : AuditEntry.ERROR;
      code = denied.code();
    } else {
      outcome = AuditEntry.ERROR;
      code = "SecretSourceFailed";
    }
    try {
      audit.record(
          new AuditEntry(
              clock.instant(),
              caller.principals(),
              caller.principals().isEmpty() ? "" : caller.principals().get(0),
              caller.node(),
              caller.api(),
              "READ_VALUE",
              ref.source() + "://" + ref.vault(),
              ref.name(),
              secret == null ? ref.version().orElse("") : secret.version(),
              outcome,
              code,
              caller.requestId()));
    } catch (RuntimeException e) {
      log.error("Could not audit the resolution of {}; not serving it: {}", ref, e.toString());
      throw new SecretAccessException(
          503, "AuditUnavailable", "the read of " + ref + " could not be audited");
    }
    if (error != null) {
      throw error;
    }
    return secret;
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    return source.subscribe(listener);
  }

  @Override
  public Optional<String> unservable(SecretRef ref) {
    return source.unservable(ref);
  }

  /** Metadata only, so nothing to audit. */
  @Override
  public CompletionStage<Readability> readability(SecretRef ref) {
    return source.readability(ref);
  }

  @Override
  public void close() throws Exception {
    if (source instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
