package io.keygate.gateway.auth;

import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.ApiKeyAuthConfig;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.KeyVerification;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/**
 * Authenticates callers by API key, read from {@code Authorization: Bearer} (the default), another
 * header ({@code X-API-Key}) or a query parameter, as the API's {@code auth.apiKey} says. The key
 * is removed from what is forwarded: the header from the request's headers, the parameter from the
 * upstream query. The identity is the key's ({@code key:<id>}, its alias or id, its policy).
 */
final class ApiKeyAuthenticator implements Authenticator {
  private static final String REALM = "Bearer realm=\"keygate\"";

  private final ApiKeys keys;
  private final String header;
  private final String query;
  private final boolean bearer;
  private final GatewayException missing;
  private final GatewayException invalid;
  private final GatewayException expired;
  private final GatewayException revoked;

  ApiKeyAuthenticator(ApiKeys keys, ApiKeyAuthConfig config) {
    this.keys = keys;
    String q = config == null ? null : blankToNull(config.query());
    String h = config == null ? null : blankToNull(config.header());
    this.query = q;
    this.header = q != null ? null : (h == null ? HttpHeaders.AUTHORIZATION.toString() : h);
    this.bearer = header != null && header.equalsIgnoreCase(HttpHeaders.AUTHORIZATION.toString());
    String where =
        query != null
            ? "the '" + query + "' query parameter"
            : bearer ? "the Authorization header as a Bearer token" : "the " + header + " header";
    this.missing = failure("MissingApiKey", "An API key is required in " + where, null);
    this.invalid = failure("InvalidApiKey", "The API key is not valid", "invalid_token");
    this.expired = failure("ApiKeyExpired", "The API key has expired", "invalid_token");
    this.revoked = failure("ApiKeyRevoked", "The API key has been revoked", "invalid_token");
  }

  @Override
  public Future<Identity> authenticate(Exchange exchange) {
    String presented = query != null ? fromQuery(exchange) : fromHeader(exchange);
    if (presented == null || presented.isEmpty()) {
      return Future.failedFuture(missing);
    }
    KeyVerification result = keys.verify(presented);
    if (result.refusedConsumer() != null) {
      // Not authenticated (no principals), but the access log names whose key it was.
      exchange.identity(new Identity(List.of(), result.refusedConsumer(), "", Map.of()));
    }
    return switch (result.outcome()) {
      case ACCEPTED -> result.completedIdentity();
      case EXPIRED -> Future.failedFuture(expired);
      case REVOKED -> Future.failedFuture(revoked);
      case UNKNOWN -> Future.failedFuture(invalid);
    };
  }

  private String fromHeader(Exchange exchange) {
    String value = exchange.request().headers().get(header);
    // Never forward the caller's key, whatever happens next.
    exchange.request().headers().remove(header);
    if (value == null || !bearer) {
      return value == null ? null : value.strip();
    }
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return value.substring(7).strip();
  }

  private String fromQuery(Exchange exchange) {
    // The query as it will be forwarded, read by the same rules that remove the key from it.
    String pathAndQuery = exchange.upstreamPath();
    String value = QueryParams.first(pathAndQuery, query);
    if (value != null) {
      exchange.upstreamPath(QueryParams.without(pathAndQuery, query));
    }
    return value == null ? null : value.strip();
  }

  private GatewayException failure(String code, String message, String bearerError) {
    if (!bearer) {
      return new GatewayException(401, code, message);
    }
    String challenge =
        bearerError == null
            ? REALM
            : REALM + ", error=\"" + bearerError + "\", error_description=\"" + message + "\"";
    return new GatewayException(401, code, message, Map.of("WWW-Authenticate", challenge));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
