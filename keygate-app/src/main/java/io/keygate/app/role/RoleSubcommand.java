package io.keygate.app.role;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.cli.ClientOptions;
import io.keygate.app.cli.Printer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What every {@code keygate role ...} command shares: client options and printing. */
abstract class RoleSubcommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Spec CommandSpec spec;

  Printer printer() {
    return new Printer(spec);
  }

  static String query(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static List<String> row(JsonNode assignment) {
    return List.of(
        assignment.path("principal").asText(),
        assignment.path("role").asText(),
        assignment.path("scope").asText(),
        Printer.time(assignment.path("created")),
        assignment.path("createdBy").asText());
  }

  /** PRINCIPAL ROLE --scope SCOPE, as assign and revoke take them. */
  abstract static class Grant extends RoleSubcommand {
    @Parameters(
        index = "0",
        paramLabel = "PRINCIPAL",
        description =
            "user:<id>, group:<name>, app:<client-id>, key:<id> (the id `keygate key create`"
                + " prints) or service:<name>.")
    String principal;

    @Parameters(
        index = "1",
        paramLabel = "ROLE",
        description = "secrets-reader, secrets-user, secrets-officer or vault-admin.")
    String role;

    @Option(
        names = "--scope",
        required = true,
        paramLabel = "SCOPE",
        description = "*, a vault (payments) or one secret (payments/upstream-token).")
    String scope;
  }
}
