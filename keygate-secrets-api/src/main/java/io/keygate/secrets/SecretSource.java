package io.keygate.secrets;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Where the gateway gets upstream credentials: the embedded vault, a remote Keygate vault, Azure
 * Key Vault, HashiCorp Vault, the environment or a file. This is all the gateway knows of any
 * vault.
 *
 * <p>A source resolves a reference on behalf of a caller: it checks the caller's rights, audits the
 * access, and answers with the value and its version. It fails the stage with a {@link
 * SecretAccessException} when the caller may not read it or the secret cannot be served.
 */
public interface SecretSource {

  /** Resolves {@code ref} for {@code caller}. Never blocks the calling thread. */
  CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller);

  /**
   * Subscribes to the source's secret events; the returned handle unsubscribes. Sources that cannot
   * push events return a handle that does nothing, and callers fall back to expiry.
   */
  default AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    return () -> {};
  }

  /**
   * Why this source can never serve references like {@code ref} whoever asks (its scheme is not
   * configured on this node, say), or empty when it may. Cheap and without I/O: meant for load-time
   * validation, so that an API naming an unconfigured source is refused when it is loaded rather
   * than failing every request. The message names the reference and the missing configuration.
   */
  default Optional<String> unservable(SecretRef ref) {
    return Optional.empty();
  }

  /**
   * What a source can say, for no caller in particular, about whether a reference can be served.
   */
  enum Readability {
    /** The secret exists and at least one principal holds a role that lets it read the value. */
    READABLE,
    /** The secret (or its vault) does not exist. */
    NOT_FOUND,
    /** The secret exists, but no principal may read its value: every request would be refused. */
    NO_READER,
    /** The source cannot tell (it keeps no such knowledge, or could not be asked just now). */
    UNKNOWN
  }

  /**
   * Whether {@code ref} exists and whether any principal at all could read its value; for load-time
   * validation, so that an API whose reference can resolve for nobody is refused when it is loaded.
   * Claims are already substituted in {@code ref}. Metadata only: never reads or audits a value.
   * Sources that cannot tell answer {@link Readability#UNKNOWN} (the default), and so does a source
   * that fails to answer. May do I/O; never blocks the calling thread.
   */
  default CompletionStage<Readability> readability(SecretRef ref) {
    return CompletableFuture.completedFuture(Readability.UNKNOWN);
  }
}
