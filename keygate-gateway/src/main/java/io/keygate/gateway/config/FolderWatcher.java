package io.keygate.gateway.config;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the definition folders and reloads shortly after a change. Changes are coalesced for
 * {@link #SETTLE_MS} so that an editor's write-rename sequence is read once, complete; together
 * with the file system's notification delay a change is in force well within a second.
 */
public final class FolderWatcher implements AutoCloseable {
  static final long SETTLE_MS = 50;
  private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);

  private final Vertx vertx;
  private final DefinitionRegistry registry;
  private final WatchService watch;
  private final Thread thread;
  private final AtomicBoolean pending = new AtomicBoolean();

  private FolderWatcher(Vertx vertx, DefinitionRegistry registry) throws IOException {
    this.vertx = vertx;
    this.registry = registry;
    this.watch = FileSystems.getDefault().newWatchService();
    for (Path dir : new Path[] {registry.apisDir(), registry.policiesDir()}) {
      dir.register(
          watch,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    }
    this.thread =
        Thread.ofPlatform().daemon().name("keygate-definitions-watcher").unstarted(this::run);
  }

  /** Starts watching both folders of {@code registry}; they must exist. */
  public static FolderWatcher start(Vertx vertx, DefinitionRegistry registry) throws IOException {
    FolderWatcher watcher = new FolderWatcher(vertx, registry);
    watcher.thread.start();
    return watcher;
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = watch.take();
        key.pollEvents();
        key.reset();
        if (pending.compareAndSet(false, true)) {
          vertx.setTimer(
              SETTLE_MS,
              t -> {
                pending.set(false);
                registry
                    .reload()
                    .onFailure(e -> log.error("Reloading definitions failed: {}", e.toString()));
              });
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      watch.close();
    } catch (IOException e) {
      log.debug("Closing the watch service failed", e);
    }
    thread.interrupt();
  }
}
