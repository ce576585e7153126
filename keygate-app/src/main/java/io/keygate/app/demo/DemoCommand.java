package io.keygate.app.demo;

import io.keygate.app.Main;
import io.keygate.app.cli.CliFailure;
import io.keygate.app.cli.ExitCodes;
import io.keygate.app.config.ConfigException;
import io.keygate.app.config.KeygateConfig;
import io.keygate.app.serve.KeygateNode;
import io.keygate.app.serve.ServeSettings;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.VaultOpenException;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keygate demo}: everything {@code serve} starts, with its embedded defaults, plus a small
 * upstream on loopback, a demo API behind an API key, a keyless API, a demo policy and a fresh demo
 * key; then prints curl commands that work when pasted, and runs until interrupted.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start Keygate with a demo upstream, API, policy and API key, and print curl commands to try.",
      "Runs until interrupted (Ctrl-C)."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The demo's data folder (default: ./keygate-demo).")
  Path data = Path.of("keygate-demo");

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Gateway listener (default: 127.0.0.1:8080).")
  String listen;

  @Option(
      names = "--admin-listen",
      paramLabel = "HOST:PORT",
      description = "Admin HTTPS listener (default: 127.0.0.1:8443).")
  String adminListen;

  @Override
  public Integer call() throws InterruptedException {
    io.keygate.app.serve.RunUntilStopped.run("keygate-demo", this::start);
    return ExitCodes.OK;
  }

  /** Starts the demo and prints its instructions; the caller closes what is returned. */
  Running start() {
    ServeSettings settings;
    try {
      settings =
          ServeSettings.resolve(
              KeygateConfig.defaults(),
              new ServeSettings.Flags(data, adminListen, listen),
              ((Main) spec.root().userObject()).environment());
    } catch (ConfigException e) {
      throw CliFailure.usage(e.getMessage());
    }
    Vertx vertx = Vertx.vertx();
    DemoUpstream upstream = DemoUpstream.start(vertx);
    try {
      DemoSetup.writeDefinitions(settings.apis(), settings.policies(), upstream.url());
      SecretValue key = DemoSetup.createKey(settings.dataDirectory(), settings.vault());
      KeygateNode node = KeygateNode.start(settings);
      Running running = new Running(node, upstream, vertx);
      PrintWriter out = spec.commandLine().getOut();
      out.print(
          DemoInstructions.text(
              settings.gateway().host(),
              node.gatewayPort(),
              settings.admin().host(),
              node.adminPort(),
              key,
              settings.dataDirectory().resolve(KeygateNode.TOKEN_FILE),
              settings.apis()));
      out.flush();
      return running;
    } catch (IOException e) {
      upstream.close();
      vertx.close();
      throw new CliFailure(
          ExitCodes.GENERIC, "could not write the demo definitions: " + e.getMessage());
    } catch (VaultOpenException | IllegalStateException e) {
      upstream.close();
      vertx.close();
      throw new CliFailure(ExitCodes.GENERIC, e.getMessage());
    }
  }

  /** The running demo: the node, then the demo upstream. */
  record Running(KeygateNode node, DemoUpstream upstream, Vertx vertx) implements AutoCloseable {
    @Override
    public void close() {
      node.close();
      upstream.close();
      vertx.close();
    }
  }
}
