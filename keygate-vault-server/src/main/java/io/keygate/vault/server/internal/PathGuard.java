package io.keygate.vault.server.internal;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Refuses a request whose path has a malformed percent-escape with a JSON 400 before it reaches the
 * router (whose own answer to such a path is a plain-text 400).
 */
public final class PathGuard implements Handler<HttpServerRequest> {
  private final Handler<HttpServerRequest> next;

  public PathGuard(Handler<HttpServerRequest> next) {
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (path == null || !wellEscaped(path)) {
      request
          .response()
          .setStatusCode(400)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
          .end(
              new JsonObject()
                  .put(
                      "error",
                      new JsonObject()
                          .put("code", "BadParameter")
                          .put("message", "the request path has a malformed percent-escape"))
                  .encode());
      return;
    }
    next.handle(request);
  }

  private static boolean wellEscaped(String path) {
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '%') {
        if (i + 2 >= path.length() || !hex(path.charAt(i + 1)) || !hex(path.charAt(i + 2))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean hex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
