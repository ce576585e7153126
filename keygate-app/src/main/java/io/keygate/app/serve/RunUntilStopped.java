package io.keygate.app.serve;

import io.keygate.app.logging.Logging;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Runs a long-lived command ({@code serve}, {@code demo}) until the JVM is asked to stop.
 *
 * <p>The shutdown hook is registered <em>before</em> the start: a SIGTERM that arrives while the
 * node is still starting (its gateway may already be serving while the admin listener binds) waits
 * for the start to finish and then stops the node gracefully, instead of the JVM exiting with
 * requests in flight. Logging stops last, so the access-log lines of drained requests are written.
 */
public final class RunUntilStopped {
  private RunUntilStopped() {}

  /**
   * Starts what {@code start} returns, then blocks until a shutdown closes it. A start that throws
   * unregisters the hook and rethrows.
   */
  public static void run(String name, Supplier<? extends AutoCloseable> start)
      throws InterruptedException {
    CompletableFuture<AutoCloseable> started = new CompletableFuture<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              try {
                AutoCloseable running = started.exceptionally(failure -> null).join();
                if (running != null) {
                  running.close();
                }
              } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(RunUntilStopped.class)
                    .warn("{} did not stop cleanly: {}", name, e.toString());
              } finally {
                Logging.stop();
                stopped.countDown();
              }
            },
            name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      started.complete(start.get());
    } catch (RuntimeException | Error e) {
      started.completeExceptionally(e);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already stopping: the hook runs and finds nothing to close.
      }
      throw e;
    }
    stopped.await();
  }
}
