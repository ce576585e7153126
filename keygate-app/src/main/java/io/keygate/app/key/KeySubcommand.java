package io.keygate.app.key;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.cli.ClientOptions;
import io.keygate.app.cli.Printer;
import io.keygate.app.client.AdminClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code keygate key ...} command shares: the client options and printing. */
abstract class KeySubcommand implements Callable<Integer> {
  static final List<String> HEADER =
      List.of("ID", "ALIAS", "POLICY", "CREATED", "EXPIRES", "LAST-USED", "REVOKED");

  @Mixin ClientOptions client;

  @Spec CommandSpec spec;

  Printer printer() {
    return new Printer(spec);
  }

  static String keyPath(String id) {
    return KeyCommand.KEYS_PATH + "/" + AdminClient.segment(id);
  }

  /** One table row of a key's metadata. */
  static List<String> row(JsonNode key) {
    return List.of(
        text(key, "id"),
        text(key, "alias"),
        text(key, "policy"),
        text(key, "created"),
        text(key, "expires"),
        text(key, "lastUsed"),
        text(key, "revoked"));
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "-" : value.asText();
  }
}
