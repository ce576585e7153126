package io.keygate.sources.local;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.embedded.JsonField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code file:///PATH}: the content of a file (one trailing newline removed), for development and
 * for secrets mounted as files. No RBAC (the API's access policy is all that gates a caller), read
 * with the node's own rights; the pre-deploy check flags it under a production profile.
 *
 * <p>Guarantees: the version is a keyed hash prefix of the content ({@link LocalVersions}); every
 * file that was resolved is polled every {@code pollInterval}, and a changed content publishes
 * {@link SecretEvent.Type#NEW_VERSION} (a removed file {@link SecretEvent.Type#DELETED}) with an
 * empty vault and the path as name. A missing file is 404 {@code SecretNotFound}, one larger than
 * 64 KiB 422 {@code SecretTooLarge}, an unreadable one 500 {@code SecretSourceFailed}; messages
 * name the path, never the content. Reads run on the executor, never on the calling thread.
 */
public final class FileSource implements SecretSource, AutoCloseable {
  public static final String SCHEME = "file";
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  static final int MAX_BYTES = 64 * 1024;
  private static final String MISSING = "";
  private static final Logger log = LoggerFactory.getLogger(FileSource.class);

  private final Executor executor;
  private final Clock clock;
  private final ScheduledExecutorService poller;
  private final Map<Path, String> watched = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Consumer<SecretEvent>> listeners =
      new CopyOnWriteArrayList<>();

  /** Reads files on {@code executor} and polls the ones resolved every {@code pollInterval}. */
  public FileSource(Duration pollInterval, Executor executor, Clock clock) {
    this.executor = executor;
    this.clock = clock;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("keygate-file-source").daemon().factory());
    long millis = Math.max(10, pollInterval.toMillis());
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    log.warn(
        "The file:// secret source is enabled: it is for development only (no RBAC, no rotation,"
            + " read with the node's own rights); do not use it in production");
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    CompletableFuture<ResolvedSecret> result = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              result.complete(read(ref));
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          new SecretAccessException(503, "ServiceUnavailable", "the node is shutting down"));
    }
    return result;
  }

  private ResolvedSecret read(SecretRef ref) {
    Path path = Path.of(ref.name());
    SecretValue value = content(path);
    String version = LocalVersions.of(value);
    watched.put(path, version);
    SecretValue served =
        ref.field().isEmpty()
            ? value
            : JsonField.extract(value, ref.field().get(), "file://" + ref.name());
    return new ResolvedSecret(ref, served, version, Optional.empty());
  }

  private static SecretValue content(Path path) {
    byte[] bytes;
    try {
      if (Files.size(path) > MAX_BYTES) {
        throw new SecretAccessException(
            422, "SecretTooLarge", "file " + path + " is larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new SecretAccessException(404, "SecretNotFound", "file " + path + " does not exist");
    } catch (IOException e) {
      throw new SecretAccessException(
          500,
          "SecretSourceFailed",
          "file "
              + path
              + " cannot be read by the Keygate process ("
              + e.getClass().getSimpleName()
              + ")");
    }
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    byte[] trimmed = Arrays.copyOf(bytes, end);
    Arrays.fill(bytes, (byte) 0);
    SecretValue value = SecretValue.ofBytes(trimmed);
    Arrays.fill(trimmed, (byte) 0);
    return value;
  }

  /** Compares every watched file with the version last served or seen; publishes changes. */
  private void poll() {
    for (Map.Entry<Path, String> entry : watched.entrySet()) {
      Path path = entry.getKey();
      String now;
      try {
        SecretValue value = content(path);
        now = LocalVersions.of(value);
        value.wipe();
      } catch (SecretAccessException e) {
        now = e.status() == 404 ? MISSING : entry.getValue();
      } catch (RuntimeException e) {
        log.warn("Polling {} failed: {}", path, e.toString());
        continue;
      }
      if (!now.equals(entry.getValue()) && watched.replace(path, entry.getValue(), now)) {
        SecretEvent.Type type =
            now.equals(MISSING) ? SecretEvent.Type.DELETED : SecretEvent.Type.NEW_VERSION;
        log.info("file {} changed: {} (version {})", path, type, now.isEmpty() ? "-" : now);
        publish(new SecretEvent(type, "", path.toString(), now, clock.instant()));
      }
    }
  }

  private void publish(SecretEvent event) {
    for (Consumer<SecretEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.warn("A secret event listener failed on {} {}: {}", event.type(), event.name(), e);
      }
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Stops polling. */
  @Override
  public void close() {
    poller.shutdownNow();
  }
}
