package io.keygate.vault.rotation;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;

/**
 * A second vault process for {@link RotationProcessTest}: opens the vault at {@code args[0]} (a
 * PostgreSQL URL, master key from the environment) with its clock fixed at {@code args[1]} (Unix
 * seconds) and runs the scheduler once. With {@code args[2]} = {@code afterApply} or {@code
 * afterStore} it stops at that point and waits to be killed.
 */
public final class RotationNodeMain {
  private RotationNodeMain() {}

  public static void main(String[] args) throws Exception {
    Instant now = Instant.ofEpochSecond(Long.parseLong(args[1]));
    MasterKeySource key =
        MasterKeySource.keyMaterial(
            SecretValue.of(System.getenv(MasterKeySource.ENVIRONMENT_VARIABLE)));
    VaultOptions options =
        VaultOptions.postgres(args[0], "postgres", null, key)
            .withClock(Clock.fixed(now, ZoneOffset.UTC))
            .withSweepInterval(Duration.ZERO);
    try (SecretVault vault = SecretVault.open(options);
        Rotation rotation = Rotation.open(vault, options)) {
      if (args.length > 2) {
        String stopAt = args[2];
        rotation
            .scheduler()
            .crashHook(
                point -> {
                  if (point.equals(stopAt)) {
                    System.out.println("AT " + point);
                    System.out.flush();
                    try {
                      new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                });
      }
      System.out.println("READY");
      System.out.flush();
      RotationScheduler.RunSummary summary = rotation.scheduler().runOnce(now);
      System.out.println("RAN rotated=" + summary.rotated() + " failed=" + summary.failed());
    }
  }
}
