package io.keygate.gateway.auth.jwt;

import io.keygate.gateway.auth.Authenticator;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.JwtAuthConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Authenticates callers by the bearer JWT of one of an API's accepted issuers.
 *
 * <p>The identity it returns has principals {@code user:<subject>}, {@code app:<client-id>} and
 * {@code group:<name>} for each group and app role; the consumer is the subject; the policy is
 * empty (policies bound to principals are resolved later); the claims are the token's claims.
 *
 * <p>Failures are {@link GatewayException}s shaped by RFC 6750: 401 with a bare {@code
 * WWW-Authenticate: Bearer} when no token is sent, 401 {@code InvalidToken} for a bad one, 403
 * {@code InsufficientScope} for a missing scope or role, 400 {@code InvalidRequest} for several
 * {@code Authorization} headers. With warm keys, authentication does no I/O.
 */
public final class JwtAuthenticator implements Authenticator, AutoCloseable {
  private final Vertx vertx;
  private final JwksRegistry registry;
  private final Map<String, IssuerVerifier> byIssuer;
  private final List<IssuerVerifier> templates;
  private final int maxTokenBytes;
  private final VerifiedTokens verified;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JwtAuthenticator(
      Vertx vertx, JwksRegistry registry, Map<String, IssuerVerifier> byIssuer) {
    this.vertx = vertx;
    this.registry = registry;
    this.byIssuer = Map.copyOf(byIssuer);
    this.templates = byIssuer.values().stream().filter(v -> v.issuer().isTemplate()).toList();
    this.maxTokenBytes = registry.settings().maxTokenBytes();
    int cacheSize = registry.settings().verifiedTokenCacheSize();
    this.verified = cacheSize > 0 ? new VerifiedTokens(cacheSize) : null;
  }

  /**
   * Builds the authenticator for one API and starts loading its issuers' keys (see {@link
   * #ready()}). Close it when the API definition is replaced or removed.
   *
   * @throws IllegalArgumentException if a configuration is invalid; the message names the field
   *     ({@code jwt[1].audience: ...})
   */
  public static JwtAuthenticator create(
      Vertx vertx, List<JwtAuthConfig> issuers, JwksRegistry shared) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(shared, "shared");
    validate(issuers);
    Map<String, IssuerVerifier> byIssuer = new HashMap<>();
    List<KeySource> acquired = new ArrayList<>();
    try {
      for (int i = 0; i < issuers.size(); i++) {
        String field = "jwt[" + i + "]";
        JwtAuthConfig config = issuers.get(i);
        KeySource keys = shared.acquire(config, field);
        acquired.add(keys);
        byIssuer.put(config.issuer(), IssuerVerifier.create(config, field, keys));
      }
    } catch (RuntimeException e) {
      acquired.forEach(shared::release);
      throw e;
    }
    return new JwtAuthenticator(vertx, shared, byIssuer);
  }

  /**
   * Checks an API's issuers as {@link #create} would, without fetching anything: for validating
   * definitions when they are loaded, before any traffic.
   *
   * @throws IllegalArgumentException naming the first invalid field ({@code jwt[1].audience: ...})
   */
  public static void validate(List<JwtAuthConfig> issuers) {
    if (issuers == null || issuers.isEmpty()) {
      throw new IllegalArgumentException("jwt: at least one issuer is required");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < issuers.size(); i++) {
      String field = "jwt[" + i + "]";
      JwtAuthConfig config = issuers.get(i);
      if (config == null || config.issuer() == null || config.issuer().isBlank()) {
        throw new IllegalArgumentException(field + ".issuer: required");
      }
      if (!seen.add(config.issuer())) {
        throw new IllegalArgumentException(
            field + ".issuer: '" + config.issuer() + "' is listed twice");
      }
      IssuerVerifier.create(config, field, StaticKeySource.none());
      JwksRegistry.keyLocation(config, field);
    }
  }

  /** Completes once every issuer's keys have been loaded once, or the attempt failed. */
  public Future<Void> ready() {
    List<Future<Void>> all = new ArrayList<>();
    byIssuer.values().forEach(v -> all.add(v.keys().ready()));
    return Future.join(all).mapEmpty();
  }

  @Override
  public Future<Identity> authenticate(Exchange exchange) {
    String token;
    try {
      token = BearerToken.extract(exchange.request().headers(), maxTokenBytes);
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    }
    return authenticateToken(token);
  }

  /**
   * Authenticates a bare token, as {@link #authenticate} does with the one in the {@code
   * Authorization} header: for other carriers (a WebSocket subprotocol) and for benchmarks.
   */
  public Future<Identity> authenticateToken(String token) {
    Future<IssuerVerifier.Verified> result;
    ByteBuffer cacheKey = null;
    IssuerVerifier issuer;
    try {
      if (token == null || token.isEmpty()) {
        throw BearerChallenge.missingToken();
      }
      if (token.length() > maxTokenBytes) {
        throw BearerChallenge.invalidToken("token too large");
      }
      if (verified != null) {
        cacheKey = VerifiedTokens.keyOf(token);
        Identity known = verified.lookup(cacheKey, System.currentTimeMillis());
        if (known != null) {
          return Future.succeededFuture(known);
        }
      }
      ParsedToken parsed = ParsedToken.parse(token);
      issuer = issuerOf(parsed);
      if (issuer == null) {
        return Future.failedFuture(BearerChallenge.invalidToken("untrusted issuer"));
      }
      result = issuer.verify(parsed);
    } catch (GatewayException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(BearerChallenge.invalidToken("malformed token"));
    }
    if (result.isComplete()) {
      if (result.failed()) {
        return Future.failedFuture(asCallerError(result.cause()));
      }
      return Future.succeededFuture(remember(cacheKey, issuer, result.result()));
    }
    ByteBuffer key = cacheKey;
    return onCallersContext(result.map(v -> remember(key, issuer, v)));
  }

  private IssuerVerifier issuerOf(ParsedToken token) {
    String iss = token.claims().getIssuer();
    if (iss == null) {
      return null;
    }
    IssuerVerifier exact = byIssuer.get(iss);
    if (exact != null && !exact.issuer().isTemplate()) {
      return exact;
    }
    for (IssuerVerifier template : templates) {
      if (template.issuer().accepts(iss, token.claims().getClaim("tid"))) {
        return template;
      }
    }
    return null;
  }

  private Identity remember(ByteBuffer key, IssuerVerifier issuer, IssuerVerifier.Verified v) {
    if (key != null) {
      verified.remember(
          key,
          new VerifiedTokens.Entry(
              v.identity(), issuer.keys(), v.keys(), v.kid(), v.validUntilMillis()));
    }
    return v.identity();
  }

  /**
   * A token that waited for a JWKS fetch completes on the fetch's event loop; hand the answer back
   * to the loop of the request, which the rest of the chain runs on.
   */
  private Future<Identity> onCallersContext(Future<Identity> pending) {
    Context context = vertx.getOrCreateContext();
    Promise<Identity> promise = Promise.promise();
    pending.onComplete(
        ar ->
            context.runOnContext(
                v -> {
                  if (ar.succeeded()) {
                    promise.complete(ar.result());
                  } else {
                    promise.fail(asCallerError(ar.cause()));
                  }
                }));
    return promise.future();
  }

  private static Throwable asCallerError(Throwable cause) {
    return cause instanceof GatewayException
        ? cause
        : BearerChallenge.invalidToken("token could not be verified");
  }

  /** Releases this API's hold on the shared JWKS caches; later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      byIssuer.values().forEach(v -> registry.release(v.keys()));
    }
  }
}
