package io.keygate.gateway.credentials;

import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretSource;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which secrets the source has marked as rotating (DESIGN.md, "Rotation without a failed request",
 * step 3: the vault publishes {@code ROTATING} before it changes the credential at its target and
 * the new version right after the target confirms). Lets a request refused with the old credential
 * wait, bounded, for the new version instead of failing.
 */
final class RotationWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RotationWatch.class);

  /**
   * A rotation that publishes no outcome at all (the vault crashed mid-way) is forgotten after this
   * long, so refused requests do not keep waiting for it.
   */
  private static final long FORGET_AFTER_NANOS = TimeUnit.MINUTES.toNanos(1);

  private record Rotating(CompletableFuture<Void> next, long sinceNanos) {}

  /** {@code vault/name} of each secret rotating now, to the future its next version completes. */
  private final Map<String, Rotating> rotating = new ConcurrentHashMap<>();

  private final AutoCloseable subscription;

  /** Listens through a weak reference, as the resolver does, so a forgotten watch can go. */
  private record WeakListener(WeakReference<RotationWatch> watch) implements Consumer<SecretEvent> {
    @Override
    public void accept(SecretEvent event) {
      RotationWatch alive = watch.get();
      if (alive != null) {
        alive.onEvent(event);
      }
    }
  }

  RotationWatch(SecretSource source) {
    this.subscription = source.subscribe(new WeakListener(new WeakReference<>(this)));
  }

  private void onEvent(SecretEvent event) {
    String key = event.vault() + "/" + event.name();
    switch (event.type()) {
      case ROTATING ->
          rotating.computeIfAbsent(
              key, k -> new Rotating(new CompletableFuture<>(), System.nanoTime()));
      case NEAR_EXPIRY, ACCESS_CHANGED -> {}
      default -> {
        // A new version, or the rotation ended some other way: nobody should wait any longer.
        if (event.vault().isEmpty()) {
          rotating.values().forEach(r -> r.next().complete(null));
          rotating.clear();
        } else {
          Rotating ended = rotating.remove(key);
          if (ended != null) {
            ended.next().complete(null);
          }
        }
      }
    }
  }

  /**
   * Completes when {@code vault/name}, rotating now, gets its next version (or its rotation ends),
   * or after {@code atMost}, whichever is first; completes at once when it is not rotating.
   */
  CompletableFuture<Void> nextVersion(String vault, String name, Duration atMost) {
    Rotating waiting = current(vault + "/" + name);
    if (waiting == null || atMost.isZero()) {
      return CompletableFuture.completedFuture(null);
    }
    return waiting.next().copy().completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Whether the source said {@code vault/name} is rotating and has not published its new version.
   */
  boolean isRotating(String vault, String name) {
    return current(vault + "/" + name) != null;
  }

  private Rotating current(String key) {
    Rotating r = rotating.get(key);
    if (r != null && System.nanoTime() - r.sinceNanos() > FORGET_AFTER_NANOS) {
      rotating.remove(key, r);
      r.next().complete(null);
      return null;
    }
    return r;
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      log.warn("Could not unsubscribe from the secret source: {}", e.toString());
    }
    rotating.values().forEach(r -> r.next().complete(null));
  }
}
