package io.keygate.vault.server.azure;

import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.identity.Authenticated;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Authentication as Azure Key Vault does it: a request without a bearer token (the SDK's first,
 * body-less request) gets 401 with {@code WWW-Authenticate: Bearer
 * authorization="<authority>/<tenant>", resource="https://<domain>"}; the SDK then gets a token for
 * {@code https://<domain>/.default} and retries. Tokens are checked by the shared {@link
 * TokenAuthenticator}; a Keygate-issued token must be for this resource. A refused token gets the
 * same challenge (so the SDK can get a new token).
 */
final class AzureAuth {
  static final String VIA = "azure-api";
  private static final String SCHEME = "bearer ";
  private final TokenAuthenticator authenticator;
  private final AzureSettings settings;
  private final String tenant;

  AzureAuth(TokenAuthenticator authenticator, AzureSettings settings) {
    this.authenticator = authenticator;
    this.settings = settings;
    this.tenant = authenticator.issuer() == null ? "keygate" : authenticator.issuer().tenant();
  }

  /** The caller, or a failed future with a 401 after the challenge header has been set. */
  Future<Authenticated> authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null
        || header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      challenge(ctx);
      return Future.failedFuture(
          new ApiError(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."));
    }
    String token = header.substring(SCHEME.length()).strip();
    return authenticator
        .authenticate(token, VIA, Set.of(settings.resource()))
        .recover(
            failure -> {
              challenge(ctx);
              return Future.failedFuture(failure);
            });
  }

  private void challenge(RoutingContext ctx) {
    int port = ctx.request().authority() == null ? -1 : ctx.request().authority().port();
    String authority =
        "https://" + settings.domain() + (port > 0 && port != 443 ? ":" + port : "") + "/" + tenant;
    ctx.response()
        .putHeader(
            "WWW-Authenticate",
            "Bearer authorization=\"" + authority + "\", resource=\"" + settings.resource() + "\"");
  }
}
