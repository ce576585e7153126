package io.keygate.app.rotation;

import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.rotation.RotationApi;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotation in {@code serve}: opens it on the node's vault, serves its API on the admin listener,
 * runs the scheduler once a minute and delivers event webhooks every 5 seconds. It lives as long as
 * the node's Vert.x instance: closing Vert.x (as stopping the node does, before the vault closes)
 * stops the scheduler and closes it.
 */
public final class RotationWiring {
  /** How often the scheduler looks for due secrets. */
  public static final Duration INTERVAL = Duration.ofMinutes(1);

  /** How often event webhooks are delivered. */
  public static final Duration DELIVERY_INTERVAL = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(RotationWiring.class);

  private RotationWiring() {}

  /** Wires rotation into the node; returns it for callers that want its scheduler or events. */
  public static Rotation wire(
      Vertx vertx, SecretVault vault, VaultOptions options, AdminServer.Builder admin) {
    Rotation rotation = Rotation.open(vault, options);
    RotationApi.addTo(admin, vertx, rotation);
    vertx
        .deployVerticle(
            new AbstractVerticle() {
              @Override
              public void start() {
                rotation.scheduler().start(INTERVAL);
                rotation.subscriptions().start(DELIVERY_INTERVAL);
              }

              @Override
              public void stop() {
                rotation.close();
              }
            },
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .onFailure(e -> LOG.error("The rotation scheduler did not start", e));
    return rotation;
  }

  /**
   * Publishes the scheduler's counts on the node's registry (scraped at {@code /metrics}): {@code
   * keygate_rotations_total} and {@code keygate_rotation_failures_total}. No secret name is a
   * label: which secret failed is in the rotation history and the SecretRotationFailed event.
   */
  public static void bindMetrics(Rotation rotation, MeterRegistry registry) {
    FunctionCounter.builder(
            "keygate.rotations", rotation.scheduler(), scheduler -> scheduler.rotationCount())
        .description("Rotations that completed since the node started")
        .register(registry);
    FunctionCounter.builder(
            "keygate.rotation.failures",
            rotation.scheduler(),
            scheduler -> scheduler.failureCount())
        .description("Rotations that failed since the node started (the current version stayed)")
        .register(registry);
  }
}
