package io.keygate.gateway.policy;

import io.keygate.gateway.chain.Chain;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Step;
import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.config.PolicyDefinition;
import io.vertx.core.Future;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The chain step that decides whether the authenticated caller may call this API with this method
 * on this path (403 {@code AccessDenied} otherwise), using the policy {@link PolicyResolver} finds.
 * The policy it applied is left in the exchange's attributes under {@link #POLICY_ATTRIBUTE} for
 * the rate limit. With no applicable policy (a keyless API without one, a JWT API without one) the
 * request passes unlimited.
 */
public final class Authorize implements Step {
  /** Attribute holding the {@link PolicyDefinition} in force for the exchange. */
  public static final String POLICY_ATTRIBUTE = "keygate.policy";

  private final PolicyResolver resolver;

  public Authorize(Supplier<Map<String, PolicyDefinition>> policies) {
    this(new PolicyResolver(policies));
  }

  public Authorize(PolicyResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public Future<Void> apply(Exchange exchange, Chain chain) {
    ApiDefinition api = exchange.api();
    PolicyResolver.Resolution resolution = resolver.resolve(exchange.identity(), api);
    if (resolution.missing()) {
      return Future.failedFuture(
          new GatewayException(
              403,
              "UnknownPolicy",
              "Policy '" + resolution.missingPolicy() + "' is not defined on this gateway"));
    }
    PolicyDefinition policy = resolution.policy();
    if (policy == null) {
      return chain.proceed(exchange);
    }
    String method = exchange.request().method().name();
    if (!resolver.allows(policy, api, method, exchange.normalizedPath())) {
      String path = relativePath(api, exchange.normalizedPath());
      return Future.failedFuture(
          new GatewayException(
              403,
              "AccessDenied",
              "Policy '"
                  + policy.name()
                  + "' does not allow "
                  + method
                  + " "
                  + path
                  + " on API '"
                  + api.name()
                  + "'"));
    }
    exchange.attributes().put(POLICY_ATTRIBUTE, policy);
    return chain.proceed(exchange);
  }

  /** The normalized path below the API's listen path, always starting with {@code /}. */
  static String relativePath(ApiDefinition api, String normalizedPath) {
    String prefix = api.listen() == null ? null : api.listen().path();
    if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
      return normalizedPath;
    }
    String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (normalizedPath.equals(base)) {
      return "/";
    }
    if (normalizedPath.startsWith(base) && normalizedPath.charAt(base.length()) == '/') {
      return normalizedPath.substring(base.length());
    }
    return normalizedPath;
  }
}
