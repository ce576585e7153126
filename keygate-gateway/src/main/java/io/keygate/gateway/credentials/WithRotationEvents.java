package io.keygate.gateway.credentials;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A source whose subscribers also get a second feed of events: for a vault whose rotation scheduler
 * publishes {@code ROTATING} on a feed of its own (the embedded vault's {@code
 * RotationScheduler.subscribe}), so that {@link RetryOnRotation} knows a secret is rotating and
 * waits for its new version. Everything else is the wrapped source's.
 */
public final class WithRotationEvents implements SecretSource {
  private final SecretSource source;
  private final Function<Consumer<SecretEvent>, AutoCloseable> rotations;

  private WithRotationEvents(
      SecretSource source, Function<Consumer<SecretEvent>, AutoCloseable> rotations) {
    this.source = Objects.requireNonNull(source, "source");
    this.rotations = Objects.requireNonNull(rotations, "rotations");
  }

  /**
   * {@code source}, with {@code rotations} (a subscribe function returning the unsubscribe handle)
   * added to its events.
   */
  public static SecretSource of(
      SecretSource source, Function<Consumer<SecretEvent>, AutoCloseable> rotations) {
    return new WithRotationEvents(source, rotations);
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    return source.resolve(ref, caller);
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    AutoCloseable own = source.subscribe(listener);
    AutoCloseable rotating =
        rotations.apply(
            event -> {
              // Only what the source's own feed lacks, so no event arrives twice.
              if (event.type() == SecretEvent.Type.ROTATING
                  || event.type() == SecretEvent.Type.ROTATION_FAILED) {
                listener.accept(event);
              }
            });
    return () -> {
      try {
        rotating.close();
      } finally {
        own.close();
      }
    };
  }

  @Override
  public Optional<String> unservable(SecretRef ref) {
    return source.unservable(ref);
  }

  @Override
  public CompletionStage<Readability> readability(SecretRef ref) {
    return source.readability(ref);
  }
}
