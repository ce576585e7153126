package io.keygate.app.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.cli.CliFailure;
import io.keygate.app.cli.ClientOptions;
import io.keygate.app.cli.Printer;
import io.keygate.app.client.AdminClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "rotate-master-key",
    mixinStandardHelpOptions = true,
    description = {
      "Rotate the master key of the running server, without downtime: every data key is"
          + " rewrapped under the new key while secrets keep being served.",
      "Without options, a key-file master key is replaced in place by a new key in the same file.",
      "With --new-key-env or --new-passphrase-env, the new key is read from this shell's"
          + " environment and sent to the server over TLS; start the server with that key"
          + " afterwards."
    })
final class RotateMasterKeyCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true)
  NewKey newKey;

  static final class NewKey {
    @Option(
        names = "--new-key-env",
        paramLabel = "VAR",
        description = "Variable holding the new key: a Tink keyset JSON or base64 of 32 bytes.")
    String keyVariable;

    @Option(
        names = "--new-passphrase-env",
        paramLabel = "VAR",
        description = "Variable holding the new passphrase.")
    String passphraseVariable;
  }

  @Override
  public Integer call() {
    ObjectNode body = AdminClient.object();
    if (newKey != null && newKey.keyVariable != null) {
      body.put("keyMaterial", variable(newKey.keyVariable));
    } else if (newKey != null && newKey.passphraseVariable != null) {
      body.put("passphrase", variable(newKey.passphraseVariable));
    }
    JsonNode result = client.client().post("/v1/master-key/rotate", body);
    Printer printer = new Printer(spec);
    if (client.json()) {
      printer.json(result);
    } else {
      printer.line(
          "master key rotated ("
              + result.path("masterKey").asText()
              + "): "
              + result.path("rewrappedDataKeys").asInt()
              + " data keys rewrapped");
    }
    return 0;
  }

  private String variable(String name) {
    return client
        .environment()
        .variable(name)
        .orElseThrow(() -> CliFailure.usage("environment variable " + name + " is not set"));
  }
}
