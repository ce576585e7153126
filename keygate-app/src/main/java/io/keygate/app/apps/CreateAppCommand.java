package io.keygate.app.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.cli.CliFailure;
import io.keygate.app.cli.Printer;
import io.keygate.app.cli.TimeArgument;
import io.keygate.app.client.AdminClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description =
        "Register an app. Its client secret is printed once: only a keyed hash is stored. Grant it"
            + " roles with `keygate role assign app:<client-id> ...`.")
final class CreateAppCommand extends AppSubcommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "A display name for people.")
  String name;

  @Option(
      names = "--client-id",
      paramLabel = "ID",
      description = "The client id (default: a new UUID).")
  String clientId;

  @Option(
      names = "--certificate",
      paramLabel = "PEM-FILE",
      description =
          "A client certificate (PEM, RSA or EC P-256) the app signs client assertions with.")
  Path certificate;

  @Option(
      names = "--secret-expires",
      paramLabel = "WHEN",
      description =
          "When the client secret stops working: a duration from now (90d, 12h) or an RFC 3339"
              + " time (default: never).")
  String secretExpires;

  @Option(
      names = "--no-secret",
      description = "Create no client secret (with --certificate: certificate-only app).")
  boolean noSecret;

  @Override
  public Integer call() {
    ObjectNode body = AdminClient.object().put("displayName", name).put("secret", !noSecret);
    if (clientId != null) {
      body.put("clientId", clientId);
    }
    if (secretExpires != null) {
      body.put(
          "secretExpires",
          TimeArgument.parse("--secret-expires", secretExpires, Instant.now()).getEpochSecond());
    }
    if (certificate != null) {
      try {
        body.put("certificate", Files.readString(certificate, StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw CliFailure.usage("--certificate: cannot read " + certificate);
      }
    }
    JsonNode created = client.client().post(AppCommand.PATH, body);
    Printer out = printer();
    if (client.json()) {
      out.json(created);
      return 0;
    }
    out.line("client id:     " + created.path("clientId").asText());
    out.line("tenant id:     " + created.path("tenantId").asText());
    out.line("principal:     " + created.path("principal").asText());
    if (created.has("clientSecret")) {
      out.line("client secret: " + created.path("clientSecret").asText());
      if (secretExpires != null) {
        out.line("expires:       " + Printer.time(secretExpiry(created)));
      }
      out.line("");
      out.line("Store the client secret now: it cannot be shown again.");
    }
    return 0;
  }

  /** The newest secret's expiry in the answer (the one just created). */
  private static JsonNode secretExpiry(JsonNode created) {
    JsonNode newest = null;
    for (JsonNode credential : created.path("credentials")) {
      if (credential.path("type").asText().equals("secret")) {
        newest = credential.path("expires");
      }
    }
    return newest == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : newest;
  }
}
