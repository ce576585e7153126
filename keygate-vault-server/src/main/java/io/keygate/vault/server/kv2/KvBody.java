package io.keygate.vault.server.kv2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Reads a KV request body (at most {@link #MAX_BYTES}) before anything else runs, so that an
 * asynchronous token check cannot lose it, and parses it as a JSON object. A body too large is
 * answered 413 in Vault's error shape. Parse errors never quote the body (it carries secret data).
 */
final class KvBody implements Handler<RoutingContext> {
  static final int MAX_BYTES = 1024 * 1024;
  private static final String BODY = "kv2.body";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > MAX_BYTES) {
      tooLarge(ctx);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] overflow = new boolean[1];
    request.handler(
        chunk -> {
          if (overflow[0]) {
            return;
          }
          if (body.length() + chunk.length() > MAX_BYTES) {
            overflow[0] = true;
            tooLarge(ctx);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        ended -> {
          if (!overflow[0]) {
            ctx.put(BODY, body);
            ctx.next();
          }
        });
    request.exceptionHandler(failure -> ctx.response().reset());
  }

  private static void tooLarge(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    KvResponder.fail(
        ctx, new KvError(413, List.of("request body is larger than " + MAX_BYTES + " bytes")));
  }

  /** The body as a JSON object; an empty body is an empty object, as Vault reads it. */
  static JsonObject json(RoutingContext ctx) {
    Buffer body = ctx.get(BODY);
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body.getBytes());
    } catch (Exception e) {
      throw KvError.badRequest("failed to parse JSON input");
    }
    if (tree == null || !tree.isObject()) {
      throw KvError.badRequest("failed to parse JSON input: a JSON object is expected");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = MAPPER.convertValue(tree, Map.class);
    return new JsonObject(map);
  }
}
