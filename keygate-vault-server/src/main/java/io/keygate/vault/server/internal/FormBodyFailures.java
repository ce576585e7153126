package io.keygate.vault.server.internal;

import io.keygate.vault.server.ApiError;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.ext.web.RoutingContext;

/**
 * Recognises failures of the form decoder, which Vert.x's {@code BodyHandler} runs over a body sent
 * as {@code application/x-www-form-urlencoded} or {@code multipart/form-data} — what {@code curl
 * -d} sends by default, also for JSON. A field over 8 KiB, too many '&amp;' or a '%' without two
 * hex digits fail the request there. That is the client's mistake, not a server bug, and the
 * decoder's messages quote the raw body (a secret value, a client secret), so these failures become
 * a 4xx that quotes nothing and are never logged.
 */
final class FormBodyFailures {
  private static final String FORM_DECODER_PACKAGE = "io.netty.handler.codec.http.multipart.";
  // Also said by the token endpoint, which takes forms: the advice fits both kinds of route.
  private static final String FORM =
      " (Content-Type: application/x-www-form-urlencoded, what curl -d sends)";

  private FormBodyFailures() {}

  /** The answer for a form decoding failure, or null when {@code ctx} failed otherwise. */
  static ApiError of(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure == null) {
      return null;
    }
    if (failure instanceof IllegalStateException && thrownBy(failure, "setExpectMultipart")) {
      // Vert.x decodes forms only for POST, PUT, PATCH and DELETE, and throws for the others.
      return ApiError.badParameter(
          "a " + ctx.request().method() + " request cannot carry a form body; send it without one");
    }
    if (!fromFormDecoder(failure)) {
      return null;
    }
    if (failure instanceof HttpPostRequestDecoder.TooLongFormFieldException) {
      return new ApiError(
          413,
          "RequestTooLarge",
          "a field of the body is over 8 KiB, too large to be read as form data"
              + FORM
              + "; send JSON with Content-Type: application/json");
    }
    return ApiError.badParameter(
        "the body could not be read as form data"
            + FORM
            + ": percent-encode its values, or send JSON with Content-Type: application/json");
  }

  private static boolean fromFormDecoder(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getClass().getName().startsWith(FORM_DECODER_PACKAGE)) {
        return true;
      }
      // A malformed '%' escape surfaces as Netty's IllegalArgumentException, thrown inside the
      // decoder.
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getClassName().startsWith(FORM_DECODER_PACKAGE)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean thrownBy(Throwable failure, String method) {
    StackTraceElement[] frames = failure.getStackTrace();
    return frames.length > 0 && frames[0].getMethodName().equals(method);
  }
}
