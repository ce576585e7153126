package io.keygate.gateway.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.keygate.gateway.chain.Chain;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.chain.Step;
import io.keygate.gateway.config.PolicyDefinition;
import io.keygate.gateway.policy.Authorize;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chain step that applies the policy {@link Authorize} chose: a token-bucket rate per consumer
 * (Bucket4j, local) and a persisted quota per consumer ({@link QuotaLedger}). Over the rate: 429
 * {@code RateLimited}; quota used up: 429 {@code QuotaExceeded}; both with {@code Retry-After}
 * (seconds) and {@code X-RateLimit-Limit/Remaining/Reset}. Admitted requests carry the same headers
 * for the rate, and {@code X-Quota-Limit/Remaining/Reset} for the quota. A consumer is the caller's
 * most specific principal ({@code key:<id>}, {@code user:<sub>}), or its consumer name.
 */
public final class RateLimit implements Step {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private final QuotaLedger quotas;
  private final ConcurrentHashMap<String, PolicyLimits> limits = new ConcurrentHashMap<>();

  public RateLimit(QuotaLedger quotas) {
    this.quotas = quotas;
  }

  @Override
  public Future<Void> apply(Exchange exchange, Chain chain) {
    Object attribute = exchange.attributes().get(Authorize.POLICY_ATTRIBUTE);
    if (!(attribute instanceof PolicyDefinition policy)) {
      return chain.proceed(exchange);
    }
    PolicyLimits l;
    try {
      l = limitsOf(policy);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(
          new GatewayException(
              503,
              "PolicyInvalid",
              "Policy '" + policy.name() + "' is not valid: " + e.getMessage()));
    }
    String subject = subjectOf(exchange.identity());
    MultiMap headers = exchange.responseHeaders();
    if (l.hasRate()) {
      ConsumptionProbe probe = l.bucket(subject).tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        long retry = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
        return Future.failedFuture(
            new GatewayException(
                429,
                "RateLimited",
                "Rate limit of " + l.rateText + " exceeded",
                Map.of(
                    "Retry-After",
                    Long.toString(retry),
                    "X-RateLimit-Limit",
                    l.rateLimitHeader,
                    "X-RateLimit-Remaining",
                    "0",
                    "X-RateLimit-Reset",
                    Long.toString(ceilSeconds(probe.getNanosToWaitForReset())))));
      }
      headers.set("X-RateLimit-Limit", l.rateLimitHeader);
      headers.set("X-RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
      headers.set("X-RateLimit-Reset", Long.toString(ceilSeconds(probe.getNanosToWaitForReset())));
    }
    if (l.hasQuota()) {
      long left = quotas.tryConsume(policy.name(), subject, l.quotaMax, l.quotaPeriodMs);
      String reset = Long.toString(ceilMillisToSeconds(quotas.millisUntilRenewal(l.quotaPeriodMs)));
      if (left == QuotaLedger.EXHAUSTED) {
        return Future.failedFuture(
            new GatewayException(
                429,
                "QuotaExceeded",
                "Quota of " + l.quotaText + " used up",
                Map.of(
                    "Retry-After",
                    reset,
                    "X-RateLimit-Limit",
                    l.quotaLimitHeader,
                    "X-RateLimit-Remaining",
                    "0",
                    "X-RateLimit-Reset",
                    reset)));
      }
      headers.set("X-Quota-Limit", l.quotaLimitHeader);
      headers.set("X-Quota-Remaining", Long.toString(left));
      headers.set("X-Quota-Reset", reset);
    }
    return chain.proceed(exchange);
  }

  private PolicyLimits limitsOf(PolicyDefinition policy) {
    PolicyLimits current = limits.get(policy.name());
    if (current != null && current.source == policy) {
      return current;
    }
    PolicyLimits fresh = new PolicyLimits(policy, current);
    limits.put(policy.name(), fresh);
    return fresh;
  }

  static String subjectOf(Identity identity) {
    return identity.principals().isEmpty() ? identity.consumer() : identity.principals().get(0);
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
  }

  private static long ceilMillisToSeconds(long millis) {
    return (millis + 999) / 1000;
  }
}
