package io.keygate.bench.rotation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Steady closed-loop load: {@code clients} keep-alive connections, each sending its next request as
 * soon as the last one is answered, alternating a GET and a 512-byte POST.
 */
final class Load {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  private Load() {}

  static Load start(int port, String apiKey, int clients) {
    Load load = new Load();
    String body = "x".repeat(512);
    for (int c = 0; c < clients; c++) {
      load.threads.submit(
          () -> {
            HttpClient http =
                HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            boolean post = false;
            while (load.running.get()) {
              HttpRequest.Builder request =
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/payments/charge"))
                      .timeout(Duration.ofSeconds(10))
                      .header("X-API-Key", apiKey);
              if (post) {
                request.POST(HttpRequest.BodyPublishers.ofString(body));
              } else {
                request.GET();
              }
              post = !post;
              int status;
              try {
                status =
                    http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
              } catch (IOException e) {
                status = 0;
              }
              load.sent.incrementAndGet();
              load.statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
              if (status / 100 != 2) {
                load.failed.incrementAndGet();
              }
            }
            return null;
          });
    }
    return load;
  }

  long sent() {
    return sent.get();
  }

  long failed() {
    return failed.get();
  }

  Map<Integer, Long> statuses() {
    Map<Integer, Long> counts = new TreeMap<>();
    statuses.forEach((status, n) -> counts.put(status, n.sum()));
    return counts;
  }

  /** Waits (polling every 50 ms) until {@code count} requests were sent, at most {@code max}. */
  void awaitRequests(long count, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (sent.get() < count && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  void stop() throws InterruptedException {
    running.set(false);
    threads.shutdown();
    threads.awaitTermination(15, TimeUnit.SECONDS);
  }
}
