package io.keygate.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
  private final Duration ratePeriod;

  PolicyLimits(PolicyDefinition policy, PolicyLimits previous) {
    this.source = policy;
    PolicyDefinition.Rate rate = policy.rate();
    if (rate != null) {
      if (rate.requests() <= 0) {
        throw new IllegalArgumentException("rate.requests must be positive");
      }
      this.rateRequests = rate.requests();
      this.ratePeriod = Durations.parse(rate.per());
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
      this.ratePeriod = null;
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
      this.quotaPeriodMs = Durations.parse(quota.per()).toMillis();
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
        .addLimit(limit -> limit.capacity(rateRequests).refillGreedy(rateRequests, ratePeriod))
        .build();
  }
}
