package io.keygate.bench.rotation;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The embedded source as the gateway sees it in the benchmark, plus the rotation scheduler's events
 * ({@code ROTATING} is published there, not on the vault's own feed), counting the reads that reach
 * the vault.
 */
final class EventFeed implements SecretSource {
  private final SecretSource vault;
  final AtomicLong reads = new AtomicLong();

  EventFeed(SecretSource vault) {
    this.vault = vault;
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    reads.incrementAndGet();
    return vault.resolve(ref, caller);
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    return vault.subscribe(listener);
  }

  @Override
  public Optional<String> unservable(SecretRef ref) {
    return vault.unservable(ref);
  }

  @Override
  public CompletionStage<Readability> readability(SecretRef ref) {
    return vault.readability(ref);
  }
}
