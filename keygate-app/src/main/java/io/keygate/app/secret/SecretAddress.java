package io.keygate.app.secret;

import io.keygate.app.cli.CliFailure;
import io.keygate.app.client.AdminClient;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which secret a command is about: {@code NAME} with {@code --vault}, or {@code VAULT/NAME}. */
public final class SecretAddress {
  static final String DEFAULT_VAULT = "default";

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The secret: NAME (in --vault) or VAULT/NAME.")
  private String name;

  @Option(
      names = "--vault",
      paramLabel = "VAULT",
      description = "The vault (namespace) of the secret (default: default).")
  private String vault;

  /** The vault name. */
  public String vault() {
    return split()[0];
  }

  /** The secret name. */
  public String name() {
    return split()[1];
  }

  /** {@code vault/name}, for messages. */
  public String display() {
    return vault() + "/" + name();
  }

  /** {@code /v1/vaults/<vault>/secrets/<name>}. */
  public String path() {
    return "/v1/vaults/" + AdminClient.segment(vault()) + "/secrets/" + AdminClient.segment(name());
  }

  /** {@code /v1/vaults/<vault>/deletedsecrets/<name>}. */
  public String deletedPath() {
    return "/v1/vaults/"
        + AdminClient.segment(vault())
        + "/deletedsecrets/"
        + AdminClient.segment(name());
  }

  private String[] split() {
    int slash = name.indexOf('/');
    if (slash < 0) {
      return new String[] {vault == null ? DEFAULT_VAULT : vault, name};
    }
    String inName = name.substring(0, slash);
    String secret = name.substring(slash + 1);
    if (inName.isEmpty() || secret.isEmpty() || secret.contains("/")) {
      throw CliFailure.usage("NAME must be NAME or VAULT/NAME; got '" + name + "'");
    }
    if (vault != null && !vault.equals(inName)) {
      throw CliFailure.usage(
          "the vault is given twice and differs: --vault " + vault + " and " + name);
    }
    return new String[] {inName, secret};
  }
}
