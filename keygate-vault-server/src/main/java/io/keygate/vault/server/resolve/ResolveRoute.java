package io.keygate.vault.server.resolve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.secrets.SecretAccessException;
import io.keygate.vault.SecretBundle;
import io.keygate.vault.SecretVault;
import io.keygate.vault.rbac.Action;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.GuardedVault;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.identity.Authenticated;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /v1/resolve}: a gateway node asks for a value on behalf of its caller. The node is
 * authenticated by its bearer token and needs {@code gateway-node} (or is admin) on the secret;
 * then the caller's own principals are checked exactly as the embedded source checks them, and the
 * audit entry names the caller ({@code onBehalfOf}) and the node ({@code via}: "name (principal)").
 */
final class ResolveRoute implements Handler<RoutingContext> {
  static final int MAX_BODY_BYTES = 16 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEME = "bearer ";
  private static final String VIA = "resolve-api";

  private final GuardedVault guarded;
  private final TokenAuthenticator nodes;

  ResolveRoute(SecretVault vault, TokenAuthenticator nodes) {
    this.guarded = new GuardedVault(vault);
    this.nodes = nodes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.method() != HttpMethod.POST) {
      ctx.fail(
          new ApiError(
              405,
              "MethodNotAllowed",
              "method " + request.method() + " is not allowed on /v1/resolve"));
      return;
    }
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null
        || header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(
          new ApiError(
              401, "Unauthorized", "missing bearer token: send 'Authorization: Bearer <token>'"));
      return;
    }
    String token = header.substring(SCHEME.length()).strip();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null
        && (!length.matches("[0-9]{1,9}") || Long.parseLong(length) > MAX_BODY_BYTES)) {
      ctx.fail(tooLarge());
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] failed = {false};
    request.handler(
        chunk -> {
          if (failed[0]) {
            return;
          }
          if (body.length() + chunk.length() > MAX_BODY_BYTES) {
            failed[0] = true;
            ctx.fail(tooLarge());
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        ignored -> {
          if (failed[0]) {
            return;
          }
          nodes
              .authenticate(token, VIA)
              .compose(
                  node -> ctx.vertx().executeBlocking(() -> resolve(node, body.getBytes()), false))
              .onSuccess(
                  json ->
                      ctx.response()
                          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                          .end(json))
              .onFailure(ctx::fail);
        });
    request.exceptionHandler(ctx::fail);
  }

  private static ApiError tooLarge() {
    return new ApiError(
        413, "RequestTooLarge", "request body is larger than " + MAX_BODY_BYTES + " bytes");
  }

  private String resolve(Authenticated authenticated, byte[] body) {
    String node = authenticated.principal();
    ResolveRequest asked = ResolveRequest.parse(body);
    String via = asked.node() + " (" + node + ")";
    try {
      guarded.require(
          new Actor(authenticated.principals(), node, via, asked.api(), asked.requestId()),
          Action.RESOLVE_ON_BEHALF,
          asked.vault(),
          asked.name());
    } catch (SecretAccessException e) {
      throw new ApiError(
          403,
          "NodeNotAllowed",
          node
              + " may not resolve values on behalf of callers from "
              + asked.vault()
              + "/"
              + asked.name()
              + ": it needs the gateway-node role on it");
    }
    List<String> principals =
        asked.principals().stream()
            .filter(
                p ->
                    p.startsWith("user:")
                        || p.startsWith("group:")
                        || p.startsWith("app:")
                        || p.startsWith("key:"))
            .toList();
    Actor caller =
        new Actor(
            principals,
            principals.isEmpty() ? "" : principals.get(0),
            via,
            asked.api(),
            asked.requestId());
    return guarded.readValue(caller, asked.vault(), asked.name(), asked.version(), this::answer);
  }

  private String answer(SecretBundle bundle) {
    ObjectNode json = JSON.createObjectNode();
    json.put("value", bundle.value().reveal());
    json.put("version", bundle.properties().version());
    if (bundle.properties().expires().isPresent()) {
      json.put("expires", bundle.properties().expires().get().getEpochSecond());
    } else {
      json.putNull("expires");
    }
    return json.toString();
  }
}
