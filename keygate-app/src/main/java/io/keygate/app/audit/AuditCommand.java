package io.keygate.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.cli.ClientOptions;
import io.keygate.app.cli.ExitCodes;
import io.keygate.app.cli.Printer;
import io.keygate.app.cli.TimeArgument;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keygate audit list}: the vault's audit trail, newest first; {@code keygate audit verify}:
 * walks its hash chain (exit 0 intact, 1 broken). Both through the admin API.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Show the vault's audit trail (reads, changes, denials; never values).",
    subcommands = {AuditCommand.ListAudit.class, AuditCommand.VerifyAudit.class})
public final class AuditCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing audit command");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the latest audit entries, newest first.")
  static final class ListAudit implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Spec CommandSpec spec;

    @Option(
        names = "--limit",
        defaultValue = "100",
        paramLabel = "N",
        description = "How many entries (1 to 1000, default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      JsonNode entries = client.client().get("/v1/rbac/audit?limit=" + limit).path("value");
      Printer printer = new Printer(spec);
      if (client.json()) {
        printer.json(entries);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("TIME", "ON-BEHALF-OF", "VIA", "ACTION", "RESOURCE", "VERSION", "OUTCOME"));
      for (JsonNode entry : entries) {
        String resource =
            entry.path("vault").asText().isEmpty()
                ? entry.path("name").asText()
                : entry.path("vault").asText() + "/" + entry.path("name").asText();
        String outcome = entry.path("outcome").asText();
        String code = entry.path("code").asText();
        rows.add(
            List.of(
                entry.path("time").asText(),
                orDash(entry.path("onBehalfOf").asText()),
                orDash(entry.path("via").asText()),
                entry.path("action").asText(),
                resource,
                orDash(entry.path("version").asText()),
                code.isEmpty() ? outcome : outcome + " " + code));
      }
      printer.table(rows);
      return 0;
    }

    private static String orDash(String text) {
      return text.isEmpty() ? "-" : text;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Verify the audit trail's hash chain: prints OK, or the first broken entry (its id,"
              + " position and time) and exits 1.")
  static final class VerifyAudit implements Callable<Integer> {
    @Mixin ClientOptions client;

    @Spec CommandSpec spec;

    @Option(
        names = "--since",
        paramLabel = "TIME",
        description =
            "Check only the entries recorded at or after TIME (RFC 3339, or a duration back"
                + " from now such as 30d).")
    String since;

    @Override
    public Integer call() {
      String path = "/v1/audit/verify";
      if (since != null) {
        Instant from = since(since);
        path += "?since=" + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8);
      }
      JsonNode verification = client.client().get(path);
      Printer printer = new Printer(spec);
      if (client.json()) {
        printer.json(verification);
      } else {
        printer.line(verification.path("summary").asText());
      }
      return verification.path("ok").asBoolean() ? ExitCodes.OK : ExitCodes.GENERIC;
    }

    /** A duration here means that long ago: {@code --since 7d} is the last seven days. */
    private static Instant since(String text) {
      Instant now = Instant.now();
      Instant parsed = TimeArgument.parse("--since", text, now);
      return parsed.isAfter(now) ? now.minus(java.time.Duration.between(now, parsed)) : parsed;
    }
  }
}
