package io.keygate.app.rotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.cli.CliFailure;
import io.keygate.app.cli.ClientOptions;
import io.keygate.app.cli.ExitCodes;
import io.keygate.app.cli.Printer;
import io.keygate.app.client.AdminClient;
import io.keygate.app.secret.SecretAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keygate secret rotation-policy set|show NAME} and {@code keygate secret rotate NAME}, over
 * the admin API's {@code /v1/rotation} routes. None of them ever prints a secret value.
 */
public final class RotationCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RotationCommands() {}

  static String policyPath(SecretAddress address) {
    return "/v1/rotation/vaults/"
        + AdminClient.segment(address.vault())
        + "/secrets/"
        + AdminClient.segment(address.name())
        + "/policy";
  }

  /** {@code keygate secret rotation-policy ...}. */
  @Command(
      name = "rotation-policy",
      mixinStandardHelpOptions = true,
      description = "Set or show a secret's rotation policy (see docs/ROTATION.md).",
      subcommands = {SetPolicy.class, ShowPolicy.class})
  public static final class Policy implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "missing rotation-policy command");
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description =
          "Set a secret's rotation policy from JSON (Azure Key Vault's shape plus overlap"
              + " and generator).")
  static final class SetPolicy implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Mixin SecretAddress address;
    @Spec CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
      @Option(names = "--policy", paramLabel = "JSON", description = "The policy as JSON text.")
      String text;

      @Option(
          names = "--file",
          paramLabel = "FILE",
          description = "A file holding the policy JSON.")
      Path file;
    }

    @Override
    public Integer call() {
      String text = source.text;
      if (source.file != null) {
        try {
          text = Files.readString(source.file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw CliFailure.usage("cannot read " + source.file + ": " + e.getMessage());
        }
      }
      JsonNode policy;
      try {
        policy = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw CliFailure.usage("the policy is not valid JSON");
      }
      JsonNode stored = client.client().put(policyPath(address), policy);
      Printer printer = new Printer(spec);
      if (client.json()) {
        printer.json(stored);
      } else {
        printer.line("rotation policy of " + address.display() + " set: " + summary(stored));
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a secret's rotation policy.")
  static final class ShowPolicy implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Mixin SecretAddress address;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode policy = client.client().get(policyPath(address));
      Printer printer = new Printer(spec);
      if (client.json()) {
        printer.json(policy);
      } else {
        printer.line(address.display() + ": " + summary(policy));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code keygate secret rotate NAME}. */
  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description =
          "Rotate a secret now with its policy's generator; exit 1 if the rotation failed"
              + " (the current version stays in service).")
  public static final class Rotate implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Mixin SecretAddress address;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      String path =
          "/v1/rotation/vaults/"
              + AdminClient.segment(address.vault())
              + "/secrets/"
              + AdminClient.segment(address.name())
              + "/rotate";
      JsonNode record = client.client().post(path, AdminClient.object());
      Printer printer = new Printer(spec);
      boolean ok = "Succeeded".equals(record.path("outcome").asText());
      if (client.json()) {
        printer.json(record);
      } else if (ok) {
        printer.line(
            "rotated "
                + address.display()
                + ": version "
                + record.path("newVersion").asText()
                + " is current; "
                + record.path("previousVersion").asText("-")
                + " stays enabled until "
                + Instant.ofEpochSecond(record.path("previousDisabledAt").asLong()));
      } else {
        throw new CliFailure(
            ExitCodes.GENERIC,
            "rotation of " + address.display() + " failed: " + record.path("error").asText());
      }
      return ok ? ExitCodes.OK : ExitCodes.GENERIC;
    }
  }

  private static String summary(JsonNode policy) {
    StringBuilder text = new StringBuilder();
    for (JsonNode action : policy.path("lifetimeActions")) {
      if (!text.isEmpty()) {
        text.append("; ");
      }
      JsonNode trigger = action.path("trigger");
      String kind = trigger.has("timeAfterCreate") ? "timeAfterCreate" : "timeBeforeExpiry";
      text.append(action.path("action").path("type").asText())
          .append(" at ")
          .append(kind)
          .append(' ')
          .append(trigger.path(kind).asText());
    }
    if (text.isEmpty()) {
      text.append("no lifetime actions");
    }
    text.append("; expiryTime ")
        .append(policy.path("attributes").path("expiryTime").asText("none"));
    text.append("; overlap ").append(policy.path("overlap").asText());
    text.append("; generator ").append(policy.path("generator").path("type").asText("none"));
    return text.toString();
  }
}
