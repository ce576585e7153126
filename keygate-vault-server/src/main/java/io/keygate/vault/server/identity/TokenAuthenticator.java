package io.keygate.vault.server.identity;

import com.nimbusds.jwt.SignedJWT;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one bearer-token check of the vault's APIs (Azure-compatible, KV v2-compatible, remote
 * sources). It accepts, in this order:
 *
 * <ol>
 *   <li>the admin token: the caller is {@code admin};
 *   <li>a token issued by Keygate's token endpoint ({@code iss} = the {@link TokenIssuer}'s) for an
 *       app that still exists, with an accepted audience: the caller is {@code app:<client-id>};
 *   <li>a token of a configured OIDC issuer, checked by that issuer's {@link
 *       ExternalTokenValidator}: the caller is what it returns.
 * </ol>
 *
 * Anything else fails the future with an {@link io.keygate.vault.server.ApiError} 401 {@code
 * Unauthorized} whose message says why without quoting the token. Never blocks the calling event
 * loop: the app check runs on a worker thread.
 */
public final class TokenAuthenticator {
  /** The audience that every surface accepts for Keygate-issued tokens by default. */
  public static final String DEFAULT_AUDIENCE = "api://keygate";

  private final Vertx vertx;
  private final AdminToken adminToken;
  private final TokenIssuer issuer;
  private final ActiveApps apps;
  private final Set<String> audiences;
  private final Map<String, ExternalTokenValidator> external;

  private TokenAuthenticator(Builder builder) {
    this.vertx = builder.vertx;
    this.adminToken = builder.adminToken;
    this.issuer = builder.issuer;
    this.apps = builder.apps;
    this.audiences = Set.copyOf(builder.audiences);
    this.external = Map.copyOf(builder.external);
  }

  public static Builder builder(Vertx vertx) {
    return new Builder(vertx);
  }

  /**
   * Authenticates {@code token} (the bare token, without {@code Bearer }) presented to the surface
   * {@code via} (named in audit entries: {@code azure-api}, {@code kv2-api}, ...). Keygate-issued
   * tokens must carry one of the default audiences ({@link #DEFAULT_AUDIENCE} and the configured
   * ones).
   */
  public Future<Authenticated> authenticate(String token, String via) {
    return authenticate(token, via, audiences);
  }

  /**
   * As {@link #authenticate(String, String)}, but a Keygate-issued token must carry one of {@code
   * acceptedAudiences} (a surface that advertises its own resource, as the Azure-compatible API
   * does in its challenge).
   */
  public Future<Authenticated> authenticate(
      String token, String via, Set<String> acceptedAudiences) {
    Objects.requireNonNull(via, "via");
    if (token == null || token.isBlank()) {
      return Future.failedFuture(TokenIssuer.unauthorized("missing bearer token"));
    }
    if (adminToken != null && adminToken.matches(token)) {
      return Future.succeededFuture(Authenticated.admin(via));
    }
    SignedJWT jwt;
    String tokenIssuer;
    try {
      jwt = SignedJWT.parse(token);
      tokenIssuer = jwt.getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      return Future.failedFuture(TokenIssuer.unauthorized("invalid bearer token"));
    }
    if (issuer != null && issuer.issuer().equals(tokenIssuer)) {
      return keygateToken(jwt, via, acceptedAudiences);
    }
    ExternalTokenValidator validator = tokenIssuer == null ? null : external.get(tokenIssuer);
    if (validator == null) {
      return Future.failedFuture(
          TokenIssuer.unauthorized("the token's issuer is not trusted by this Keygate"));
    }
    return validator
        .validate(token)
        // A validator of another module fails with its own exception types: the caller sees a
        // 401 with the validator's reason (which never quotes the token).
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof ApiError
                        ? failure
                        : TokenIssuer.unauthorized(
                            failure.getMessage() == null
                                ? "the token is not valid"
                                : failure.getMessage())))
        .map(
            principals -> {
              if (principals.isEmpty()) {
                throw TokenIssuer.unauthorized("the token names no principal");
              }
              return new Authenticated(principals.get(0), principals, tokenIssuer, via);
            });
  }

  /** The issuer of Keygate's own tokens, if this node issues any. */
  public TokenIssuer issuer() {
    return issuer;
  }

  private Future<Authenticated> keygateToken(SignedJWT jwt, String via, Set<String> accepted) {
    String clientId;
    try {
      clientId = issuer.verify(jwt, accepted);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return vertx
        .executeBlocking(() -> apps.isActive(clientId), false)
        .map(
            active -> {
              if (!active) {
                throw TokenIssuer.unauthorized("the token's app no longer exists");
              }
              String principal = "app:" + clientId;
              return new Authenticated(principal, List.of(principal), Authenticated.KEYGATE, via);
            });
  }

  /** What the authenticator trusts. */
  public static final class Builder {
    private final Vertx vertx;
    private AdminToken adminToken;
    private TokenIssuer issuer;
    private ActiveApps apps;
    private final java.util.Set<String> audiences = new java.util.LinkedHashSet<>();
    private final Map<String, ExternalTokenValidator> external = new LinkedHashMap<>();

    private Builder(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
      audiences.add(DEFAULT_AUDIENCE);
    }

    /** Accepts the admin token (as {@code admin}). */
    public Builder adminToken(AdminToken token) {
      this.adminToken = token;
      return this;
    }

    /**
     * Accepts Keygate-issued tokens of {@code issuer} while {@code apps} says the app is active.
     */
    public Builder keygateTokens(TokenIssuer issuer, ActiveApps apps) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.apps = Objects.requireNonNull(apps, "apps");
      return this;
    }

    /** Adds an audience accepted by {@link TokenAuthenticator#authenticate(String, String)}. */
    public Builder audience(String audience) {
      audiences.add(Objects.requireNonNull(audience, "audience"));
      return this;
    }

    /** Accepts tokens whose {@code iss} is exactly {@code issuer}, checked by {@code validator}. */
    public Builder externalIssuer(String issuer, ExternalTokenValidator validator) {
      external.put(Objects.requireNonNull(issuer, "issuer"), validator);
      return this;
    }

    public TokenAuthenticator build() {
      return new TokenAuthenticator(this);
    }
  }
}
