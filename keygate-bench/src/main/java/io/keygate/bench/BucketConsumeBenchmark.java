package io.keygate.bench;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One token-bucket consumption as the rate-limit step does it (a local Bucket4j bucket with
 * synchronized strategy, asking for the remaining tokens for the response headers). The reference
 * is an AtomicLong increment, measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BucketConsumeBenchmark {
  private Bucket bucket;
  private final AtomicLong counter = new AtomicLong();

  @Setup
  public void setUp() {
    bucket =
        Bucket.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(1_000_000_000L)
                    .refillGreedy(1_000_000_000L, Duration.ofSeconds(1))
                    .build())
            .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED)
            .build();
  }

  @Benchmark
  public ConsumptionProbe consumeAndReportRemaining() {
    return bucket.tryConsumeAndReturnRemaining(1);
  }

  @Benchmark
  public long reference_atomicIncrement() {
    return counter.incrementAndGet();
  }
}
