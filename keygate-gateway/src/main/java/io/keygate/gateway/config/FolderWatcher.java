package io.keygate.gateway.config;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the definition folders and reloads shortly after a change. Changes are coalesced for
 * {@link #SETTLE_MS} so that an editor's write-rename sequence is read once, complete; together
 * with the file system's notification delay a change is in force well within a second. A folder
 * that is deleted and created again (a deploy that replaces it) is a new directory, which the old
 * watch does not cover: it is watched anew within {@link #RECHECK_MS} of reappearing, and read.
 */
public final class FolderWatcher implements AutoCloseable {
  static final long SETTLE_MS = 50;
  static final long RECHECK_MS = 500;
  private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);

  private final Vertx vertx;
  private final DefinitionRegistry registry;
  private final WatchService watch;
  private final Thread thread;
  private final AtomicBoolean pending = new AtomicBoolean();
  // Only the watcher's thread touches this after the constructor.
  private final Map<Path, WatchKey> keys = new LinkedHashMap<>();

  private FolderWatcher(Vertx vertx, DefinitionRegistry registry) throws IOException {
    this.vertx = vertx;
    this.registry = registry;
    this.watch = FileSystems.getDefault().newWatchService();
    for (Path dir : new Path[] {registry.apisDir(), registry.policiesDir()}) {
      keys.put(dir, register(dir));
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
        WatchKey key = watch.poll(RECHECK_MS, TimeUnit.MILLISECONDS);
        boolean changed = rewatchRecreatedFolders();
        if (key != null) {
          key.pollEvents();
          key.reset();
          changed = true;
        }
        if (changed && pending.compareAndSet(false, true)) {
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

  private WatchKey register(Path dir) throws IOException {
    return dir.register(
        watch,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
  }

  /** Watches each folder whose directory was deleted and exists again; true if there was one. */
  private boolean rewatchRecreatedFolders() {
    boolean rewatched = false;
    for (Map.Entry<Path, WatchKey> entry : keys.entrySet()) {
      Path dir = entry.getKey();
      if (entry.getValue().isValid() || !Files.isDirectory(dir)) {
        continue;
      }
      try {
        entry.setValue(register(dir));
        log.info("Watching the recreated definitions folder {}", dir);
        rewatched = true;
      } catch (IOException e) {
        log.warn("Cannot watch the recreated definitions folder {}: {}", dir, e.toString());
      }
    }
    return rewatched;
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
