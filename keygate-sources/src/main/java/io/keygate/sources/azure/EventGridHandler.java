package io.keygate.sources.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.watch.VersionWatcher;
import io.keygate.sources.watch.VersionWatcher.State;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Event Grid webhook: OPTIONS is the CloudEvents handshake, POST a delivery. Works with or
 * without a BodyHandler in front of it; bodies over 1 MB (Event Grid's own limit) get 413.
 */
final class EventGridHandler implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(EventGridHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1024 * 1024;
  static final String KEY_HEADER = "X-Keygate-Webhook-Key";

  private final AzureSourceOptions options;
  private final EventGridEvents events;
  private final VersionWatcher watcher;
  private final Consumer<SecretEvent> publish;
  private final Clock clock;

  EventGridHandler(
      AzureSourceOptions options,
      EventGridEvents events,
      VersionWatcher watcher,
      Consumer<SecretEvent> publish,
      Clock clock) {
    this.options = options;
    this.events = events;
    this.watcher = watcher;
    this.publish = publish;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext context) {
    HttpServerRequest request = context.request();
    boolean keyed = authorized(request);
    if (request.method() == HttpMethod.OPTIONS) {
      String origin = request.getHeader("WebHook-Request-Origin");
      if (origin == null || origin.isBlank()) {
        error(context, 400, "BadRequest", "a CloudEvents handshake needs WebHook-Request-Origin");
        return;
      }
      context
          .response()
          .putHeader("WebHook-Allowed-Origin", origin)
          .putHeader("WebHook-Allowed-Rate", "*")
          .setStatusCode(200)
          .end();
      return;
    }
    if (request.method() != HttpMethod.POST) {
      error(context, 405, "MethodNotAllowed", "deliver Event Grid events with POST");
      return;
    }
    if (context.body() != null && context.body().available()) {
      deliver(context, context.body().buffer(), keyed);
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (body.length() + chunk.length() > MAX_BODY) {
            if (!context.response().ended()) {
              error(context, 413, "PayloadTooLarge", "an Event Grid delivery is at most 1 MB");
            }
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        ignored -> {
          if (!context.response().ended()) {
            deliver(context, body, keyed);
          }
        });
  }

  private boolean authorized(HttpServerRequest request) {
    if (options.eventGridKey().isEmpty()) {
      return true;
    }
    String given = request.getHeader(KEY_HEADER);
    if (given == null) {
      given = request.getParam("key");
    }
    if (given == null) {
      return false;
    }
    SecretValue expected = options.eventGridKey().get();
    byte[] wanted = expected.revealBytes();
    try {
      return MessageDigest.isEqual(wanted, given.getBytes(StandardCharsets.UTF_8));
    } finally {
      java.util.Arrays.fill(wanted, (byte) 0);
    }
  }

  /**
   * Without the key only a subscription validation is answered: Event Grid may send the handshake
   * without the subscription's delivery headers, and echoing its code changes nothing here. Any
   * other delivery needs the key.
   */
  private void deliver(RoutingContext context, Buffer body, boolean keyed) {
    if (body == null || body.length() > MAX_BODY) {
      error(context, 413, "PayloadTooLarge", "an Event Grid delivery is at most 1 MB");
      return;
    }
    List<EventGridEvents.Item> items;
    try {
      JsonNode json = JSON.readTree(body.getBytes());
      items = events.read(json == null ? JSON.missingNode() : json);
    } catch (java.io.IOException | IllegalArgumentException e) {
      if (!keyed) {
        unauthorized(context);
      } else {
        error(
            context,
            400,
            "BadRequest",
            e instanceof IllegalArgumentException ? e.getMessage() : "the body is not JSON");
      }
      return;
    }
    boolean onlyValidation =
        !items.isEmpty()
            && items.stream().allMatch(item -> item instanceof EventGridEvents.Validation);
    if (!keyed && !onlyValidation) {
      unauthorized(context);
      return;
    }
    String validation = null;
    int applied = 0;
    for (EventGridEvents.Item item : items) {
      switch (item) {
        case EventGridEvents.Validation v -> validation = v.code();
        case EventGridEvents.SecretChange change -> {
          apply(change);
          applied++;
        }
      }
    }
    String answer =
        validation != null
            ? JSON.createObjectNode().put("validationResponse", validation).toString()
            : JSON.createObjectNode().put("accepted", applied).toString();
    context.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(answer);
  }

  private void apply(EventGridEvents.SecretChange change) {
    log.info(
        "Event Grid: {} for azure://{}/{} {}",
        change.type(),
        change.vault(),
        change.name(),
        change.version());
    switch (change.type()) {
      case EventGridEvents.NEW_VERSION ->
          watcher.observed(change.vault(), change.name(), State.current(change.version()));
      case EventGridEvents.NEAR_EXPIRY ->
          publish.accept(event(SecretEvent.Type.NEAR_EXPIRY, change));
      default -> publish.accept(event(SecretEvent.Type.EXPIRED, change));
    }
  }

  private SecretEvent event(SecretEvent.Type type, EventGridEvents.SecretChange change) {
    return new SecretEvent(type, change.vault(), change.name(), change.version(), clock.instant());
  }

  private static void unauthorized(RoutingContext context) {
    error(context, 401, "Unauthorized", "the webhook key is missing or wrong");
  }

  private static void error(RoutingContext context, int status, String code, String message) {
    Map<String, Object> body = Map.of("error", Map.of("code", code, "message", message));
    try {
      context
          .response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json")
          .end(JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      context.response().setStatusCode(status).end();
    }
  }
}
