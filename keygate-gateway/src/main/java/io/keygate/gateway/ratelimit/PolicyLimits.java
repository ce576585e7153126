package io.keygate.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.keygate.gateway.config.Durations;
import io.keygate.gateway.config.PolicyDefinition;
import java.time.Duration;
import java.util.Objects;

/**
 * One policy's limits, prepared for the hot path: the parsed rate and quota, their header values,
 * and the token buckets of its consumers. Built once per policy definition; a reloaded policy with
 * the same rate keeps its buckets, so a reload does not hand every consumer a fresh allowance.
 */
final class PolicyLimits {
  private static final Duration MIN_IDLE = Duration.ofMinutes(1);

  final PolicyDefinition source;
  final long rateRequests;
  final String rateLimitHeader;
  final String rateText;
  final Cache<String, Bucket> buckets;
  final long quotaMax;
  final long quotaPeriodMs;
  final String quotaLimitHeader;
  final String quotaText;
  private final Bandwidth bandwidth;

  PolicyLimits(PolicyDefinition policy, PolicyLimits previous) {
    this.source = policy;
    PolicyDefinition.Rate rate = policy.rate();
    if (rate != null) {
      if (rate.requests() <= 0) {
        throw new IllegalArgumentException("rate.requests must be positive");
      }
      this.rateRequests = rate.requests();
      Duration ratePeriod = Durations.parse(rate.per());
      // Built here, not per consumer: values Bucket4j cannot hold (a period overflowing its
      // nanoseconds, a refill faster than one token per nanosecond) fail the policy as a whole
      // (503 PolicyInvalid), instead of each request with a 500.
      try {
        this.bandwidth =
            Bandwidth.builder()
                .capacity(rateRequests)
                .refillGreedy(rateRequests, ratePeriod)
                .build();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("rate.per is too long for a token bucket", e);
      }
      this.rateLimitHeader = Long.toString(rate.requests());
      this.rateText = rate.requests() + " requests per " + rate.per();
      this.buckets =
          previous != null && Objects.equals(previous.source.rate(), rate)
              ? previous.buckets
              : Caffeine.newBuilder()
                  // An idle consumer's bucket is full again after one period: forget it then.
                  .expireAfterAccess(ratePeriod.compareTo(MIN_IDLE) > 0 ? ratePeriod : MIN_IDLE)
                  .build();
    } else {
      this.rateRequests = 0;
      this.bandwidth = null;
      this.rateLimitHeader = null;
      this.rateText = null;
      this.buckets = null;
    }
    PolicyDefinition.Quota quota = policy.quota();
    if (quota != null) {
      if (quota.max() <= 0) {
        throw new IllegalArgumentException("quota.max must be positive");
      }
      this.quotaMax = quota.max();
      try {
        this.quotaPeriodMs = Durations.parse(quota.per()).toMillis();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("quota.per is too long", e);
      }
      this.quotaLimitHeader = Long.toString(quota.max());
      this.quotaText = quota.max() + " requests per " + quota.per();
    } else {
      this.quotaMax = 0;
      this.quotaPeriodMs = 0;
      this.quotaLimitHeader = null;
      this.quotaText = null;
    }
  }

  boolean hasRate() {
    return buckets != null;
  }

  boolean hasQuota() {
    return quotaLimitHeader != null;
  }

  Bucket bucket(String subject) {
    Bucket bucket = buckets.getIfPresent(subject);
    if (bucket == null) {
      bucket = buckets.get(subject, s -> newBucket());
    }
    return bucket;
  }

  private Bucket newBucket() {
    // Synchronized: a bucket belongs to one consumer, so contention is rare, and unlike the
    // lock-free default it does not allocate a new state per request.
    return Bucket.builder()
        .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED)
        .addLimit(bandwidth)
        .build();
  }
}
