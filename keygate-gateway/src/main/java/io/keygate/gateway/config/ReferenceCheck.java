package io.keygate.gateway.config;

import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.secrets.SecretSource.Readability;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asked, when an API definition is loaded, whether each secret reference it injects can resolve for
 * anyone, so that an API that could only ever fail is refused at load (its previous version keeps
 * serving) instead of failing every request. References whose name depends on a claim are not
 * asked: they name a different secret per caller.
 */
@FunctionalInterface
public interface ReferenceCheck {
  /** Accepts every reference: for offline validation, and nodes without a secret source. */
  ReferenceCheck NONE = ref -> Optional.empty();

  /**
   * Why {@code ref} can never be served whoever asks, or empty when it may or nobody can tell. May
   * block (definitions load off the event loop).
   */
  Optional<String> problem(SecretRef ref);

  /**
   * Asks {@code source}: a scheme it cannot serve ({@link SecretSource#unservable}), a secret that
   * does not exist, or one that no principal may read, is a problem. A source that cannot tell, or
   * does not answer within {@code timeout}, accepts the reference: an unreachable source must not
   * unload APIs.
   */
  static ReferenceCheck of(SecretSource source, Duration timeout) {
    Logger log = LoggerFactory.getLogger(ReferenceCheck.class);
    return ref -> {
      Optional<String> unservable = source.unservable(ref);
      if (unservable.isPresent()) {
        return unservable;
      }
      Readability readability;
      try {
        readability =
            source
                .readability(ref)
                .toCompletableFuture()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } catch (Exception e) {
        log.debug("Could not check secret reference {} at load: {}", ref, e.toString());
        return Optional.empty();
      }
      return switch (readability) {
        case NOT_FOUND ->
            Optional.of("secret reference '" + ref + "' cannot resolve: the secret does not exist");
        case NO_READER ->
            Optional.of(
                "secret reference '"
                    + ref
                    + "' cannot resolve for anyone: no principal holds a role that reads its value"
                    + " (e.g. keygate role assign key:<id> secrets-user --scope "
                    + ref.vault()
                    + "/"
                    + ref.name()
                    + ")");
        case READABLE, UNKNOWN -> Optional.empty();
      };
    };
  }
}
