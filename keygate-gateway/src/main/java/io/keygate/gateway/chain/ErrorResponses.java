package io.keygate.gateway.chain;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * The one place that turns an error into the gateway's JSON answer, {@code
 * {"error":{"code":"...","message":"..."}}}. Anything that is not a {@link GatewayException} is a
 * 500 whose message says nothing about the cause; the caller logs the cause with the request id.
 */
public final class ErrorResponses {
  /** The exchange attribute with the error code the gateway answered with, for the access log. */
  public static final String ERROR_ATTRIBUTE = "error";

  private ErrorResponses() {}

  /**
   * Answers with {@code error}, unless the response has already begun (then nothing can be said).
   */
  public static void send(HttpServerResponse response, Exchange exchange, Throwable error) {
    if (response.headWritten() || response.ended() || response.closed()) {
      return;
    }
    if (error instanceof GatewayException g) {
      send(response, exchange, g.status(), g.code(), g.getMessage(), g.headers());
    } else {
      send(
          response,
          exchange,
          500,
          "InternalError",
          "the gateway failed to handle the request",
          Map.of());
    }
  }

  public static void send(
      HttpServerResponse response,
      Exchange exchange,
      int status,
      String code,
      String message,
      Map<String, String> headers) {
    if (response.headWritten() || response.ended() || response.closed()) {
      return;
    }
    JsonStringEncoder json = JsonStringEncoder.getInstance();
    String body =
        "{\"error\":{\"code\":\""
            + new String(json.quoteAsString(code))
            + "\",\"message\":\""
            + new String(json.quoteAsString(message == null ? "" : message))
            + "\"}}";
    response.setStatusCode(status);
    if (exchange != null) {
      response.headers().addAll(exchange.responseHeaders());
      exchange.attributes().put(ERROR_ATTRIBUTE, code);
    }
    headers.forEach(response::putHeader);
    response.putHeader("Content-Type", "application/json");
    response.end(body);
  }
}
