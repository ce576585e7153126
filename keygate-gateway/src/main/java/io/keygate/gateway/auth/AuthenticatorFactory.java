package io.keygate.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.config.JwtAuthConfig;
import io.keygate.gateway.keys.ApiKeys;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps an API's {@code auth} to its {@link Authenticator}: {@code apiKey} to API keys, {@code
 * keyless: true} to the anonymous identity, {@code jwt} to the JWT authenticator. One authenticator
 * is built per API definition instance (definitions are immutable; a reload makes new ones) and
 * kept while that instance is in use, so requests in flight on an old definition keep their
 * authenticator. An authenticator that is {@link AutoCloseable} is closed when its definition is
 * gone.
 */
public final class AuthenticatorFactory {
  private static final Logger LOG = LoggerFactory.getLogger(AuthenticatorFactory.class);
  private static final Future<Identity> ANONYMOUS = Future.succeededFuture(Identity.ANONYMOUS);

  private final ApiKeys keys;
  private final Function<List<JwtAuthConfig>, Authenticator> jwt;
  private final ConcurrentHashMap<String, Built> latest = new ConcurrentHashMap<>();
  private final Cache<ApiDefinition, Authenticator> byDefinition;

  /**
   * @param keys the node's API keys
   * @param jwt builds the JWT authenticator of one API from its issuers, or null while JWT is not
   *     available (JWT APIs then answer 401 {@code JwtNotConfigured})
   */
  public AuthenticatorFactory(ApiKeys keys, Function<List<JwtAuthConfig>, Authenticator> jwt) {
    this.keys = keys;
    this.jwt = jwt;
    this.byDefinition =
        Caffeine.newBuilder()
            .weakKeys()
            .executor(Runnable::run)
            .<ApiDefinition, Authenticator>removalListener(
                (api, authenticator, cause) -> closeQuietly(authenticator))
            .build();
  }

  /** The authenticator of {@code api}; never null, never throws. */
  public Authenticator forApi(ApiDefinition api) {
    Built b = latest.get(api.name());
    if (b != null && b.api == api) {
      return b.authenticator;
    }
    Authenticator a = byDefinition.get(api, this::build);
    latest.put(api.name(), new Built(api, a));
    return a;
  }

  private Authenticator build(ApiDefinition api) {
    ApiDefinition.Auth auth = api.auth();
    if (auth == null) {
      return refuse("AuthNotConfigured", "API '" + api.name() + "' has no authentication method");
    }
    if (auth.apiKey() != null) {
      return new ApiKeyAuthenticator(keys, auth.apiKey());
    }
    if (auth.jwt() != null && !auth.jwt().isEmpty()) {
      if (jwt == null) {
        return refuse("JwtNotConfigured", "JWT authentication is not available on this gateway");
      }
      try {
        return jwt.apply(auth.jwt());
      } catch (RuntimeException e) {
        LOG.warn("JWT authentication of API '{}' cannot be built: {}", api.name(), e.getMessage());
        return refuse("JwtNotConfigured", "JWT authentication of this API is misconfigured");
      }
    }
    if (Boolean.TRUE.equals(auth.keyless())) {
      return exchange -> ANONYMOUS;
    }
    return refuse("AuthNotConfigured", "API '" + api.name() + "' has no authentication method");
  }

  private static Authenticator refuse(String code, String message) {
    GatewayException failure = new GatewayException(401, code, message);
    return exchange -> Future.failedFuture(failure);
  }

  private static void closeQuietly(Authenticator authenticator) {
    if (authenticator instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("could not close an authenticator: {}", e.getMessage());
      }
    }
  }

  private record Built(ApiDefinition api, Authenticator authenticator) {}
}
