package io.keygate.app.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keygate.app.cli.Printer;
import io.keygate.app.client.AdminClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "List the secrets of a vault (metadata only), or with --deleted its deleted ones.")
final class ListSecretsCommand extends SecretSubcommand {
  @Option(names = "--vault", paramLabel = "VAULT", description = "The vault (default: default).")
  String vault = SecretAddress.DEFAULT_VAULT;

  @Option(names = "--deleted", description = "List deleted (recoverable) secrets instead.")
  boolean deleted;

  @Override
  public Integer call() {
    String path =
        "/v1/vaults/" + AdminClient.segment(vault) + (deleted ? "/deletedsecrets" : "/secrets");
    ArrayNode items = collect(client.client(), path);
    if (client.json()) {
      printer().json(items);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    if (deleted) {
      rows.add(List.of("NAME", "DELETED", "PURGE AFTER"));
      items.forEach(
          item ->
              rows.add(
                  List.of(
                      name(item),
                      Printer.time(item.get("deletedDate")),
                      Printer.time(item.get("scheduledPurgeDate")))));
    } else {
      rows.add(List.of("NAME", "STATE", "UPDATED", "EXPIRES", "CONTENT-TYPE", "TAGS"));
      items.forEach(
          item ->
              rows.add(
                  List.of(
                      name(item),
                      state(item),
                      Printer.time(item.path("attributes").get("updated")),
                      Printer.time(item.path("attributes").get("exp")),
                      item.path("contentType").asText("-"),
                      tags(item))));
    }
    printer().table(rows);
    return 0;
  }

  /** Every item of a paged listing, following {@code nextLink}. */
  static ArrayNode collect(AdminClient api, String path) {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    String next = path;
    while (next != null) {
      JsonNode page = api.get(next);
      page.path("value").forEach(items::add);
      JsonNode link = page.get("nextLink");
      next = link == null || link.isNull() ? null : AdminClient.pathOf(link.asText());
    }
    return items;
  }

  private static String name(JsonNode item) {
    String id = item.path("id").asText("");
    return id.substring(id.lastIndexOf('/') + 1);
  }
}
