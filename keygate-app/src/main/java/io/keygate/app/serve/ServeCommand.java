package io.keygate.app.serve;

import io.keygate.app.Main;
import io.keygate.app.cli.CliFailure;
import io.keygate.app.cli.ExitCodes;
import io.keygate.app.config.ConfigException;
import io.keygate.app.config.ConfigLoader;
import io.keygate.app.config.KeygateConfig;
import io.keygate.vault.VaultOpenException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keygate serve}: runs the vault, its admin API and the gateway until SIGTERM/SIGINT. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start Keygate: the embedded vault, the admin HTTPS API and the gateway.",
      "On first start it creates the data directory with the admin token (admin-token, 0600),"
          + " a self-signed certificate (admin-cert.pem) and, unless configured otherwise,"
          + " a development master key file. Stops gracefully on SIGTERM or SIGINT."
    })
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The keygate.yaml to read.")
  Path config;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: data in the config, else ./keygate-data).")
  Path data;

  @Option(
      names = "--admin-listen",
      paramLabel = "HOST:PORT",
      description = "Admin HTTPS listener (default: 127.0.0.1:8443).")
  String adminListen;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Gateway listener (default: 127.0.0.1:8080).")
  String listen;

  @Option(
      names = "--apis",
      paramLabel = "DIR",
      description = "Folder of API definitions, watched (default: gateway.apis, else <data>/apis).")
  Path apis;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      description =
          "Folder of policies, watched (default: gateway.policies, else <data>/policies).")
  Path policies;

  @Override
  public Integer call() throws InterruptedException {
    ServeSettings settings;
    try {
      KeygateConfig file = config == null ? KeygateConfig.defaults() : ConfigLoader.load(config);
      settings =
          ServeSettings.resolve(
              file,
              new ServeSettings.Flags(data, adminListen, listen, apis, policies),
              ((Main) spec.root().userObject()).environment());
    } catch (ConfigException e) {
      throw CliFailure.usage(e.getMessage());
    }
    RunUntilStopped.run(
        "keygate",
        () -> {
          try {
            return KeygateNode.start(settings);
          } catch (VaultOpenException | IllegalStateException e) {
            throw new CliFailure(ExitCodes.GENERIC, e.getMessage());
          }
        });
    return ExitCodes.OK;
  }
}
