package io.keygate.vault.events;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultException;
import io.keygate.vault.internal.store.Database;
import io.keygate.vault.internal.store.SqlWork;
import io.keygate.vault.rotation.generators.WebhookSignature;
import io.keygate.vault.rotation.generators.WebhookUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook subscriptions to the event log. Each event is POSTed on its own, in log order, signed
 * like the rotation webhooks ({@link WebhookSignature}, key from a vault secret). A failed event is
 * retried by later runs after 30 s, doubling up to 15 minutes; after {@code maxAttempts} failures
 * it is dead-lettered (visible by API) and delivery moves on. A subscriber that is down for a while
 * therefore gets everything, in order, when it is back. Tests drive it with {@link #deliverOnce}.
 */
public final class EventSubscriptions implements AutoCloseable {
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  private static final Logger log = LoggerFactory.getLogger(EventSubscriptions.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
  private static final Duration LAST_RETRY = Duration.ofMinutes(15);
  private static final int BATCH = 50;
  private final SecretVault vault;
  private final Database database;
  private final EventLog events;
  private final Clock clock;
  private final HttpClient http;
  private final int maxAttempts;
  private final String owner;
  private final SubscriptionTable table = new SubscriptionTable();
  private ScheduledExecutorService timer;

  public EventSubscriptions(
      SecretVault vault,
      Database database,
      EventLog events,
      Clock clock,
      SSLContext ssl,
      int maxAttempts,
      String owner) {
    this.vault = vault;
    this.database = database;
    this.events = events;
    this.clock = clock;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    this.http = builder.build();
    this.maxAttempts = maxAttempts;
    this.owner = owner;
  }

  /**
   * Subscribes {@code url} to every event from now on. 400 for a URL that is not https (http only
   * to loopback with {@code allowInsecureLoopback}), a bad format or key reference; 404 when the
   * key secret does not exist.
   */
  public EventSubscription create(
      String url, String hmacKey, String format, boolean allowInsecureLoopback) {
    URI uri = WebhookUrls.check("subscription", url == null ? "" : url, allowInsecureLoopback);
    if (!"eventgrid".equals(format) && !"cloudevents".equals(format)) {
      throw new VaultException.BadParameter(
          "subscription: format must be eventgrid or cloudevents");
    }
    String[] key = hmacKey == null ? new String[0] : hmacKey.split("/", -1);
    if (key.length != 2 || key[0].isEmpty() || key[1].isEmpty()) {
      throw new VaultException.BadParameter("subscription: hmacKey must be VAULT/NAME of a secret");
    }
    vault.listVersions(key[0], key[1], 1, Optional.empty());
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    long now = clock.instant().getEpochSecond();
    long cursor = events.latestSequence();
    write(
        c -> {
          table.insert(
              c,
              new SubscriptionTable.Row(
                  id,
                  uri.toString(),
                  key[0],
                  key[1],
                  format,
                  allowInsecureLoopback,
                  now,
                  cursor,
                  0,
                  null,
                  null));
          return null;
        });
    return get(id);
  }

  public List<EventSubscription> list() {
    return read(c -> table.all(c).stream().map(r -> view(c, r)).toList());
  }

  /** One subscription; 404 {@code SubscriptionNotFound} when there is none. */
  public EventSubscription get(String id) {
    return read(c -> table.find(c, id).map(r -> view(c, r))).orElseThrow(() -> notFound(id));
  }

  public List<DeadLetter> deadLetters(String id) {
    get(id);
    return read(c -> table.deadLetters(c, id));
  }

  public void delete(String id) {
    if (!write(c -> table.delete(c, id))) {
      throw notFound(id);
    }
  }

  /** One delivery pass over every subscription; returns how many events were delivered. */
  public int deliverOnce(Instant now) {
    long at = now.truncatedTo(ChronoUnit.SECONDS).getEpochSecond();
    int delivered = 0;
    for (SubscriptionTable.Row row : read(table::all)) {
      if (row.nextAttemptAt() != null && row.nextAttemptAt() > at) {
        continue;
      }
      if (!write(c -> table.claim(c, row.id(), owner, at, at + 300))) {
        continue;
      }
      delivered += deliver(row, at);
    }
    return delivered;
  }

  private int deliver(SubscriptionTable.Row row, long at) {
    long cursor = row.cursor();
    int failures = row.failures();
    Long next = null;
    String error = row.lastError();
    int delivered = 0;
    SecretValue key;
    try {
      key = vault.getSecret(row.hmacVault(), row.hmacName(), Optional.empty()).value();
    } catch (VaultException e) {
      key = null;
      error = "signing key " + row.hmacVault() + "/" + row.hmacName() + " unusable: " + e.code();
    }
    List<VaultEvent> batch = key == null ? List.of() : events.after(cursor, BATCH);
    for (VaultEvent event : batch) {
      String failure = post(row, key, event, at);
      if (failure == null) {
        cursor = event.sequence();
        failures = 0;
        error = null;
        delivered++;
        continue;
      }
      failures++;
      error = failure;
      if (failures >= maxAttempts) {
        long seq = event.sequence();
        String reason = failure;
        write(
            c -> {
              table.deadLetter(c, row.id(), event, reason, at);
              return null;
            });
        log.warn(
            "Event {} dead-lettered for subscription {} after {} attempts: {}",
            seq,
            row.id(),
            failures,
            failure);
        cursor = seq;
        failures = 0;
        continue;
      }
      Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
      next = at + (wait.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait).getSeconds();
      break;
    }
    if (key == null) {
      failures++;
      next = at + FIRST_RETRY.getSeconds();
    }
    long finalCursor = cursor;
    int finalFailures = failures;
    Long finalNext = next;
    String finalError = error;
    write(
        c -> {
          table.progress(c, row.id(), finalCursor, finalFailures, finalNext, finalError);
          return null;
        });
    return delivered;
  }

  /** POSTs one event; null on success, else why it failed (never a value). */
  private String post(SubscriptionTable.Row row, SecretValue key, VaultEvent event, long at) {
    URI uri = URI.create(row.url());
    String topic = "keygate:" + event.vault();
    byte[] body =
        (row.format().equals("cloudevents")
                ? EventFormats.cloudEvent(event, topic)
                : EventFormats.eventGrid(event, topic))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header(
                "Content-Type",
                row.format().equals("cloudevents")
                    ? "application/cloudevents+json"
                    : "application/json")
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(at))
            .header(WebhookSignature.HEADER, WebhookSignature.sign(key, at, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status / 100 == 2 ? null : "HTTP " + status;
    } catch (IOException e) {
      return e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Runs {@link #deliverOnce} every {@code interval} on a daemon thread until closed. */
  public synchronized void start(Duration interval) {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "keygate-event-webhooks");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            deliverOnce(clock.instant());
          } catch (RuntimeException e) {
            log.error("Event webhook delivery failed; the next run retries", e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  private EventSubscription view(java.sql.Connection c, SubscriptionTable.Row r) {
    try {
      return new EventSubscription(
          r.id(),
          WebhookUrls.redacted(URI.create(r.url())),
          r.hmacVault() + "/" + r.hmacName(),
          r.format(),
          Instant.ofEpochSecond(r.created()),
          r.cursor(),
          r.failures(),
          Optional.ofNullable(r.nextAttemptAt()).map(Instant::ofEpochSecond),
          Optional.ofNullable(r.lastError()),
          table.deadLetters(c, r.id()).size());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static VaultException notFound(String id) {
    return new VaultException.NotFound(
        "SubscriptionNotFound", "event subscription " + id + " not found");
  }

  private <T> T read(SqlWork<T> work) {
    try {
      return database.read(work);
    } catch (SQLException e) {
      throw new VaultException.Unavailable("the vault's store is unavailable: " + e.getMessage());
    }
  }

  private <T> T write(SqlWork<T> work) {
    try {
      return database.write(work);
    } catch (SQLException e) {
      throw new VaultException.Unavailable("the vault's store is unavailable: " + e.getMessage());
    }
  }
}
