package io.keygate.sources.remote;

import io.keygate.secrets.SecretEvent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a remote vault's event stream for nodes ({@code GET /v1/resolve/events}, server-sent
 * events, the same stream as {@code /v1/events}) and hands its events to the listeners as {@link
 * SecretEvent}s.
 *
 * <p>Guarantees: reconnects after any end or error (waiting {@code reconnectDelay}, doubling up to
 * 30 s), resuming with {@code Last-Event-ID} once an event id is known, so the remote replays what
 * was missed; when it cannot resume (no id yet) or the remote says its log dropped events ({@code
 * event: reset}), publishes {@link SecretEvent.Type#RESYNC} as soon as the stream is open. A stream
 * silent for longer than {@code streamIdleTimeout} is dropped and reconnected.
 */
final class EventStreamClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventStreamClient.class);
  private static final Duration MAX_DELAY = Duration.ofSeconds(30);

  private final RemoteVaultOptions options;
  private final HttpClient http;
  private final NodeTokens tokens;
  private final Clock clock;
  private final CopyOnWriteArrayList<Consumer<SecretEvent>> listeners =
      new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("keygate-remote-events").daemon().factory());
  private final AtomicInteger failures = new AtomicInteger();
  private volatile String lastEventId;
  private volatile Connection current;
  private volatile boolean closed;

  EventStreamClient(RemoteVaultOptions options, HttpClient http, NodeTokens tokens, Clock clock) {
    this.options = options;
    this.http = http;
    this.tokens = tokens;
    this.clock = clock;
  }

  void start() {
    connect();
    long check = Math.max(50, options.streamIdleTimeout().toMillis() / 3);
    timer.scheduleWithFixedDelay(this::watchdog, check, check, TimeUnit.MILLISECONDS);
  }

  AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void connect() {
    if (closed) {
      return;
    }
    Connection connection = new Connection();
    current = connection;
    tokens
        .current()
        .whenComplete(
            (token, error) -> {
              if (error != null) {
                connection.end(error, null);
              } else {
                open(connection, token);
              }
            });
  }

  private void open(Connection connection, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(options.resolve("/v1/resolve/events"))
            .timeout(options.requestTimeout())
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .GET();
    String resumeFrom = lastEventId;
    if (resumeFrom != null) {
      request.header("Last-Event-ID", resumeFrom);
    }
    http.sendAsync(request.build(), info -> connection.open(info, token))
        .whenComplete((response, error) -> connection.end(error, response));
  }

  private void watchdog() {
    Connection connection = current;
    if (connection != null
        && connection.subscription != null
        && System.nanoTime() - connection.lastLine > options.streamIdleTimeout().toNanos()) {
      log.warn(
          "The event stream of {} was silent for over {}; reconnecting",
          options.url(),
          options.streamIdleTimeout());
      connection.subscription.cancel();
      connection.end(null, null);
    }
  }

  private void publish(SecretEvent event) {
    for (Consumer<SecretEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.warn("A secret event listener failed on {} {}/{}", event.type(), event.vault(), e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection connection = current;
    if (connection != null && connection.subscription != null) {
      connection.subscription.cancel();
    }
    timer.shutdownNow();
  }

  /** One attempt at the stream: its lines, and its end (reported once). */
  private final class Connection implements Flow.Subscriber<String> {
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile long lastLine = System.nanoTime();
    private String id;
    private String type;
    private final StringBuilder data = new StringBuilder();

    HttpResponse.BodySubscriber<Void> open(HttpResponse.ResponseInfo info, String token) {
      if (info.statusCode() == 401) {
        tokens.forget(token);
      }
      if (info.statusCode() != 200) {
        log.warn(
            "The event stream of {} answered {}; retrying (does this node's token hold the"
                + " right to read events?)",
            options.url(),
            info.statusCode());
        return HttpResponse.BodySubscribers.replacing(null);
      }
      if (lastEventId == null) {
        // Events between the last connection (or this node's start) and now cannot be replayed.
        publish(new SecretEvent(SecretEvent.Type.RESYNC, "", "", "", clock.instant()));
      }
      return HttpResponse.BodySubscribers.fromLineSubscriber(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      lastLine = System.nanoTime();
      failures.set(0);
      if (line.isEmpty()) {
        dispatch();
        return;
      }
      if (line.startsWith(":")) {
        return;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = value;
        case "event" -> type = value;
        case "data" -> data.append(value).append('\n');
        default -> {}
      }
    }

    private void dispatch() {
      if (id != null) {
        lastEventId = id;
      }
      if (type != null || !data.isEmpty()) {
        RemoteEvents.parse(type, data.toString(), clock.instant()).ifPresent(e -> publish(e));
      }
      id = null;
      type = null;
      data.setLength(0);
    }

    @Override
    public void onError(Throwable throwable) {
      end(throwable, null);
    }

    @Override
    public void onComplete() {
      end(null, null);
    }

    void end(Throwable error, Object ignored) {
      if (!ended.compareAndSet(false, true) || closed) {
        return;
      }
      int failed = failures.getAndIncrement();
      long delay =
          Math.min(
              MAX_DELAY.toMillis(), options.reconnectDelay().toMillis() << Math.min(failed, 16));
      log.info(
          "The event stream of {} ended{}; reconnecting in {} ms",
          options.url(),
          error == null ? "" : " (" + error.getClass().getSimpleName() + ")",
          delay);
      try {
        timer.schedule(EventStreamClient.this::connect, delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // closed meanwhile
      }
    }
  }
}
