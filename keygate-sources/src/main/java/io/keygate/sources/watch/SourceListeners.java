package io.keygate.sources.watch;

import io.keygate.secrets.SecretEvent;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers of one source. A listener that throws is logged and does not keep the event from
 * the others.
 */
public final class SourceListeners {
  private static final Logger log = LoggerFactory.getLogger(SourceListeners.class);
  private final CopyOnWriteArrayList<Consumer<SecretEvent>> listeners =
      new CopyOnWriteArrayList<>();

  /** Adds {@code listener}; the handle removes it. */
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Hands {@code event} to every listener. */
  public void publish(SecretEvent event) {
    for (Consumer<SecretEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.warn(
            "A secret event listener failed on {} {}/{}: {}",
            event.type(),
            event.vault(),
            event.name(),
            e.toString());
      }
    }
  }
}
