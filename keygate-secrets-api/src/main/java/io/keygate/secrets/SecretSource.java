package io.keygate.secrets;

import java.util.Optional;
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
}
