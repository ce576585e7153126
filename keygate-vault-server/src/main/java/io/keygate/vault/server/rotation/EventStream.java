package io.keygate.vault.server.rotation;

import io.keygate.vault.events.EventFormats;
import io.keygate.vault.events.EventLog;
import io.keygate.vault.events.VaultEvent;
import io.keygate.vault.server.ApiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/events}: the vault's event log as server-sent events. Each event's {@code id} is
 * its sequence number; a client that reconnects with {@code Last-Event-ID} (header, or the {@code
 * lastEventId} query parameter) gets every event after it. Without one the stream starts with new
 * events only ({@code lastEventId=0} replays the whole log). When events the client asked for have
 * been dropped from the bounded log, the stream starts with an {@code event: reset}: the client
 * must revalidate everything it caches. {@code format=cloudevents} switches from the Event Grid
 * schema to CloudEvents 1.0. The log is read from the store, so events written by any node of a
 * cluster reach every stream.
 */
final class EventStream implements Handler<RoutingContext> {
  private static final long POLL_MILLIS = 250;
  private static final long HEARTBEAT_MILLIS = 15_000;
  private static final int BATCH = 200;
  private final EventLog log;

  EventStream(EventLog log) {
    this.log = log;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.GET) {
      ctx.fail(
          new ApiError(
              405,
              "MethodNotAllowed",
              "method " + ctx.request().method() + " is not allowed on /v1/events"));
      return;
    }
    String format = ctx.request().getParam("format", "eventgrid");
    if (!format.equals("eventgrid") && !format.equals("cloudevents")) {
      ctx.fail(ApiError.badParameter("format must be eventgrid or cloudevents"));
      return;
    }
    String given = ctx.request().getHeader("Last-Event-ID");
    if (given == null) {
      given = ctx.request().getParam("lastEventId");
    }
    Long from;
    try {
      from = given == null ? null : Long.parseLong(given.trim());
      if (from != null && from < 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      ctx.fail(ApiError.badParameter("Last-Event-ID must be a non-negative event sequence number"));
      return;
    }
    String topic = "https://" + ctx.request().authority();
    boolean cloud = format.equals("cloudevents");
    ctx.vertx()
        .executeBlocking(() -> new long[] {log.oldestSequence(), log.latestSequence()}, false)
        .onSuccess(bounds -> open(ctx, from, bounds, topic, cloud))
        .onFailure(ctx::fail);
  }

  private void open(RoutingContext ctx, Long from, long[] bounds, String topic, boolean cloud) {
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    long oldest = bounds[0];
    long[] cursor = {from == null ? bounds[1] : from};
    if (from != null && oldest > 0 && from < oldest - 1) {
      response.write(
          "event: reset\ndata: {\"reason\":\"events after " + from + " were dropped\"}\n\n");
    } else {
      response.write(": stream open\n\n");
    }
    boolean[] busy = {false};
    long[] sinceWrite = {System.nanoTime()};
    long timer =
        ctx.vertx()
            .setPeriodic(
                POLL_MILLIS,
                id -> {
                  if (busy[0] || response.closed() || response.writeQueueFull()) {
                    return;
                  }
                  busy[0] = true;
                  ctx.vertx()
                      .executeBlocking(() -> log.after(cursor[0], BATCH), false)
                      .onComplete(
                          result -> {
                            busy[0] = false;
                            if (result.failed() || response.closed()) {
                              return;
                            }
                            for (VaultEvent event : result.result()) {
                              String json =
                                  (cloud
                                          ? EventFormats.cloudEvent(event, topic)
                                          : EventFormats.eventGrid(event, topic))
                                      .toString();
                              response.write(
                                  "id: "
                                      + event.sequence()
                                      + "\nevent: "
                                      + EventFormats.TYPE_PREFIX
                                      + event.type()
                                      + "\ndata: "
                                      + json
                                      + "\n\n");
                              cursor[0] = event.sequence();
                              sinceWrite[0] = System.nanoTime();
                            }
                            if (System.nanoTime() - sinceWrite[0] > HEARTBEAT_MILLIS * 1_000_000) {
                              response.write(": keep-alive\n\n");
                              sinceWrite[0] = System.nanoTime();
                            }
                          });
                });
    response.closeHandler(ignored -> ctx.vertx().cancelTimer(timer));
    response.exceptionHandler(ignored -> ctx.vertx().cancelTimer(timer));
  }
}
