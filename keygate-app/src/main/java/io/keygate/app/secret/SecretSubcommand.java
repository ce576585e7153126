package io.keygate.app.secret;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.cli.ClientOptions;
import io.keygate.app.cli.Printer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code keygate secret ...} command shares: the client options and printing. */
abstract class SecretSubcommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Spec CommandSpec spec;

  Printer printer() {
    return new Printer(spec);
  }

  /** The version segment of an {@code id} URL ({@code .../secrets/<name>/<version>}). */
  static String version(JsonNode secret) {
    String id = secret.path("id").asText("");
    return id.substring(id.lastIndexOf('/') + 1);
  }

  /** {@code enabled}, or {@code disabled}, of a secret's attributes. */
  static String state(JsonNode secret) {
    return secret.path("attributes").path("enabled").asBoolean(true) ? "enabled" : "disabled";
  }

  /** One line describing a version's metadata, for text output. */
  static String describe(String address, JsonNode secret) {
    JsonNode attributes = secret.path("attributes");
    StringBuilder text = new StringBuilder(address);
    text.append(" version ").append(version(secret)).append(" (").append(state(secret));
    if (attributes.has("nbf")) {
      text.append(", not before ").append(Printer.time(attributes.get("nbf")));
    }
    if (attributes.has("exp")) {
      text.append(", expires ").append(Printer.time(attributes.get("exp")));
    }
    if (secret.hasNonNull("contentType")) {
      text.append(", content type ").append(secret.get("contentType").asText());
    }
    if (secret.path("tags").size() > 0) {
      text.append(", tags ").append(tags(secret));
    }
    return text.append(')').toString();
  }

  static String tags(JsonNode secret) {
    StringBuilder text = new StringBuilder();
    secret
        .path("tags")
        .fields()
        .forEachRemaining(
            entry -> {
              if (!text.isEmpty()) {
                text.append(',');
              }
              text.append(entry.getKey()).append('=').append(entry.getValue().asText());
            });
    return text.isEmpty() ? "-" : text.toString();
  }
}
