package io.keygate.vault.internal;

import io.keygate.secrets.SecretEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers secret events to in-process subscribers, after the commit, on the committing thread. A
 * failing listener is logged and does not affect the others or the caller.
 */
final class EventBus {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);
  private final List<Consumer<SecretEvent>> listeners = new CopyOnWriteArrayList<>();

  AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  void publish(SecretEvent.Type type, String vault, String name, String version, Instant at) {
    SecretEvent event = new SecretEvent(type, vault, name, version, at);
    for (Consumer<SecretEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.warn("Secret event listener failed on {} {}/{}", type, vault, name, e);
      }
    }
  }
}
