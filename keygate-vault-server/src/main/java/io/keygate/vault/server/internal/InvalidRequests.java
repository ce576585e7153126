package io.keygate.vault.server.internal;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Answers the requests the HTTP decoder refuses before any route sees them — a request line or
 * headers over the decoder's limits, bytes that are not HTTP — with the listener's JSON error
 * instead of Vert.x's empty body, and closes the connection (its framing is no longer known). Codes
 * and messages are the gateway listener's for the same requests; they never quote the request.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {
  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String code;
    String message;
    // The same reading of the decoder's refusals as the gateway listener's GatewayRequestHandler.
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = "UriTooLong";
      message = "the request line is too long";
    } else if (cause instanceof TooLongFrameException) {
      status = 431;
      code = "HeadersTooLarge";
      message = "the request headers are too large";
    } else {
      status = 400;
      code = "MalformedRequest";
      message = "the request is not valid HTTP";
    }
    request
        .response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(
            new JsonObject()
                .put("error", new JsonObject().put("code", code).put("message", message))
                .encode())
        .onComplete(done -> request.connection().close());
  }
}
