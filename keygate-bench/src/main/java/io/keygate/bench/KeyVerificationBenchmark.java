package io.keygate.bench;

import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * API-key verification on the hot path (map lookup, HMAC-SHA256, constant-time compare), with 1000
 * keys loaded from a real SQLite store. The reference is one bare JDK HMAC-SHA256 of the same key
 * plus a constant-time compare, measured in the same run: the ratio is the overhead of the lookup
 * and bookkeeping.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyVerificationBenchmark {
  private Path dir;
  private GatewayDatabase db;
  private ApiKeys keys;
  private String presented;
  private Mac mac;
  private byte[] expected;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("keygate-bench-keys");
    db = GatewayDatabase.sqlite(dir);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(dir));
    for (int i = 0; i < 999; i++) {
      keys.create("bench", "consumer-" + i, null);
    }
    presented = keys.create("bench", "measured", null).key().reveal();
    byte[] secret = new byte[32];
    mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    expected = mac.doFinal(presented.getBytes(StandardCharsets.UTF_8));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    keys.close();
    db.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public Object verifyKey() {
    return keys.verify(presented);
  }

  @Benchmark
  public boolean reference_bareHmacAndCompare() {
    return MessageDigest.isEqual(mac.doFinal(presented.getBytes(StandardCharsets.UTF_8)), expected);
  }
}
