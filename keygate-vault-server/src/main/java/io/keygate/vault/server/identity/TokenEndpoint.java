package io.keygate.vault.server.identity;

import io.keygate.vault.server.internal.secrets.SecretRoutes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keygate's OAuth 2.0 token endpoint, shaped like Microsoft Entra ID's v2.0 endpoints so that MSAL
 * (and so azure-identity's ClientSecretCredential and ClientCertificateCredential) use it unchanged
 * with {@code authorityHost = https://<keygate>} and {@code tenantId = <tenant>}:
 *
 * <ul>
 *   <li>{@code POST /<tenant>/oauth2/v2.0/token}: the client-credentials grant with {@code
 *       client_secret} (form or HTTP Basic) or a {@code client_assertion}; {@code scope} is {@code
 *       <resource>/.default} and the token's {@code aud} is that resource;
 *   <li>{@code GET /<tenant>/v2.0/.well-known/openid-configuration} (also at {@code
 *       /.well-known/openid-configuration}) and {@code GET /<tenant>/discovery/v2.0/keys} (JWKS).
 * </ul>
 */
final class TokenEndpoint {
  /** The surface named in the audit entries of issued tokens. */
  static final String VIA = "token-endpoint";

  private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final List<String> IGNORED_SCOPES = List.of("openid", "profile", "offline_access");
  private final TokenIssuer issuer;
  private final ClientAuthentication clients;
  private final LoginThrottle throttle;

  TokenEndpoint(TokenIssuer issuer, ClientAuthentication clients, LoginThrottle throttle) {
    this.issuer = issuer;
    this.clients = clients;
    this.throttle = throttle;
  }

  void addTo(Router router) {
    router
        .post("/:tenant/oauth2/v2.0/token")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::token);
    router.get("/:tenant/v2.0/.well-known/openid-configuration").handler(this::discovery);
    router.get("/.well-known/openid-configuration").handler(this::discovery);
    router.get("/:tenant/discovery/v2.0/keys").handler(this::keys);
  }

  private void token(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    if (!issuer.tenant().equals(tenant)) {
      error(ctx, new OAuthError(400, "invalid_request", "tenant '" + tenant + "' not found"));
      return;
    }
    TokenRequest request;
    try {
      request = TokenRequest.read(ctx);
    } catch (OAuthError e) {
      error(ctx, e);
      return;
    }
    // Throttled before any credential is looked at: a refusal tells nothing about the secret.
    LoginThrottle.Attempt attempt =
        throttle.attempt(request.claimedClient().orElse(null), peer(ctx));
    if (attempt.refused()) {
      // DEBUG: under attack this is every request; LoginThrottle warns once a budget is spent.
      LOG.debug(
          "token request for app:{} refused: too many failed sign-ins",
          LoginThrottle.printable(request.claimedClient().orElse(null)));
      ctx.response().putHeader("Retry-After", Long.toString(attempt.retryAfterSeconds()));
      error(ctx, OAuthError.throttled(attempt.retryAfterSeconds()));
      return;
    }
    String endpoint = SecretRoutes.base(ctx) + ctx.request().path();
    ctx.vertx()
        .executeBlocking(
            () -> {
              String clientId =
                  request.assertion().isPresent()
                      ? clients.withAssertion(
                          request.clientId(), request.assertion().get(), endpoint)
                      : clients.withSecret(request.clientId().get(), request.secret().get());
              TokenIssuer.IssuedToken token = issuer.issue(clientId, request.resource());
              clients.audited(clientId, VIA, request.resource());
              return new Issued(clientId, token);
            },
            false)
        .onSuccess(
            issued -> {
              attempt.succeeded();
              TokenIssuer.IssuedToken token = issued.token();
              LOG.info("token issued to app:{} for {}", issued.clientId(), request.resource());
              ctx.response()
                  .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                  .putHeader("Pragma", "no-cache")
                  .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                  .end(
                      new JsonObject()
                          .put("token_type", "Bearer")
                          .put("expires_in", token.expiresIn())
                          .put("ext_expires_in", token.expiresIn())
                          .put("access_token", token.token())
                          .encode());
            })
        .onFailure(
            failure -> {
              if (failure instanceof OAuthError oauth && oauth.status() == 401) {
                attempt.failed();
              } else {
                attempt.release();
              }
              if (failure instanceof OAuthError oauth) {
                error(ctx, oauth);
              } else {
                LOG.error("token request failed unexpectedly", failure);
                error(ctx, new OAuthError(500, "server_error", "internal error"));
              }
            });
  }

  private void discovery(RoutingContext ctx) {
    String authority = SecretRoutes.base(ctx) + "/" + issuer.tenant();
    JsonObject document =
        new JsonObject()
            .put("issuer", issuer.issuer())
            .put("token_endpoint", authority + "/oauth2/v2.0/token")
            .put("jwks_uri", authority + "/discovery/v2.0/keys")
            .put("grant_types_supported", new JsonArray().add("client_credentials"))
            .put(
                "token_endpoint_auth_methods_supported",
                new JsonArray()
                    .add("client_secret_post")
                    .add("client_secret_basic")
                    .add("private_key_jwt"))
            .put(
                "token_endpoint_auth_signing_alg_values_supported",
                new JsonArray().add("RS256").add("PS256").add("ES256"))
            .put("id_token_signing_alg_values_supported", new JsonArray().add("ES256"))
            .put("response_types_supported", new JsonArray().add("token"))
            .put("subject_types_supported", new JsonArray().add("public"))
            .put("tenant_region_scope", "keygate");
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "max-age=300");
    ctx.json(document);
  }

  private void keys(RoutingContext ctx) {
    if (!issuer.tenant().equals(ctx.pathParam("tenant"))) {
      error(ctx, new OAuthError(404, "invalid_tenant", "tenant not found"));
      return;
    }
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "max-age=300");
    ctx.json(issuer.jwks());
  }

  /** The peer's IP address; a proxy in front makes every client one address (see AZURE-SDK.md). */
  static String peer(RoutingContext ctx) {
    var remote = ctx.request().remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }

  private static void error(RoutingContext ctx, OAuthError error) {
    String trace = UUID.randomUUID().toString();
    if (error.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"keygate\"");
    }
    ctx.response()
        .setStatusCode(error.status())
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(
            new JsonObject()
                .put("error", error.error())
                .put("error_description", error.getMessage())
                .put("error_codes", new JsonArray())
                .put("timestamp", Instant.now().toString())
                .put("trace_id", trace)
                .put("correlation_id", trace)
                .encode());
  }

  private record Issued(String clientId, TokenIssuer.IssuedToken token) {}

  /** The parameters of one client-credentials request; the secret is never logged. */
  private record TokenRequest(
      Optional<String> clientId,
      Optional<String> secret,
      Optional<String> assertion,
      String resource) {

    /** The client the request claims to be, before any proof: the throttle's key. */
    Optional<String> claimedClient() {
      return clientId.or(() -> assertion.flatMap(ClientAuthentication::claimedSubject));
    }

    static TokenRequest read(RoutingContext ctx) {
      var form = ctx.request().formAttributes();
      String grant = form.get("grant_type");
      if (grant == null) {
        throw OAuthError.invalidRequest("grant_type is required");
      }
      if (!grant.equals("client_credentials")) {
        throw new OAuthError(
            400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
      }
      Optional<String> clientId = Optional.ofNullable(form.get("client_id"));
      Optional<String> secret = Optional.ofNullable(form.get("client_secret"));
      String basic = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
      if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
        String[] pair = decodeBasic(basic.substring(6).strip());
        if (clientId.isPresent() && !clientId.get().equals(pair[0])) {
          throw OAuthError.invalidRequest("client_id differs from the Basic credentials");
        }
        clientId = Optional.of(pair[0]);
        secret = Optional.of(pair[1]);
      }
      Optional<String> assertion = Optional.ofNullable(form.get("client_assertion"));
      if (assertion.isPresent()) {
        if (!ClientAuthentication.JWT_BEARER.equals(form.get("client_assertion_type"))) {
          throw OAuthError.invalidRequest(
              "client_assertion_type must be " + ClientAuthentication.JWT_BEARER);
        }
        if (secret.isPresent()) {
          throw OAuthError.invalidRequest("send client_secret or client_assertion, not both");
        }
      } else if (clientId.isEmpty()) {
        throw OAuthError.invalidRequest("client_id is required");
      } else if (secret.isEmpty()) {
        throw OAuthError.invalidClient("the request must carry client_secret or client_assertion");
      }
      return new TokenRequest(clientId, secret, assertion, resource(form.get("scope")));
    }

    private static String[] decodeBasic(String encoded) {
      try {
        String text = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon > 0) {
          String id = java.net.URLDecoder.decode(text.substring(0, colon), StandardCharsets.UTF_8);
          String secret =
              java.net.URLDecoder.decode(text.substring(colon + 1), StandardCharsets.UTF_8);
          return new String[] {id, secret};
        }
      } catch (IllegalArgumentException e) {
        // answered below
      }
      throw OAuthError.invalidClient("the Basic credentials are not client_id:client_secret");
    }

    /** The one {@code <resource>/.default} scope (as the client-credentials grant requires). */
    private static String resource(String scope) {
      if (scope == null || scope.isBlank()) {
        throw new OAuthError(400, "invalid_scope", "scope is required: <resource>/.default");
      }
      List<String> scopes =
          Arrays.stream(scope.trim().split("\\s+"))
              .filter(s -> !IGNORED_SCOPES.contains(s))
              .toList();
      if (scopes.size() != 1 || !scopes.get(0).endsWith("/.default")) {
        throw new OAuthError(
            400,
            "invalid_scope",
            "scope must be one <resource>/.default (for example api://keygate/.default)");
      }
      String resource = scopes.get(0).substring(0, scopes.get(0).length() - "/.default".length());
      if (resource.isEmpty()
          || resource.length() > 256
          || !resource.matches("[a-z][a-z0-9+.-]*:\\S+")) {
        throw new OAuthError(400, "invalid_scope", "the scope's resource must be an absolute URI");
      }
      return resource;
    }
  }
}
