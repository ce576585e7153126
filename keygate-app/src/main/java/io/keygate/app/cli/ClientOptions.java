package io.keygate.app.cli;

import io.keygate.app.Main;
import io.keygate.app.client.AdminClient;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command that talks to the admin API shares ({@code @Mixin} it): where the API
 * is, the admin token, the certificate to trust, and the output format.
 *
 * <p>Defaults: {@code --addr} from {@code KEYGATE_ADDR}, else {@code https://127.0.0.1:8443};
 * {@code --token} from {@code KEYGATE_TOKEN}, else the file {@code <data>/admin-token}; the
 * certificate {@code <data>/admin-cert.pem} when it exists, else the system trust store.
 */
public final class ClientOptions {
  public static final String DEFAULT_ADDRESS = "https://127.0.0.1:8443";
  public static final String ADDRESS_VARIABLE = "KEYGATE_ADDR";
  public static final String TOKEN_VARIABLE = "KEYGATE_TOKEN";
  public static final String DATA_VARIABLE = "KEYGATE_DATA";
  public static final String DEFAULT_DATA = "keygate-data";
  public static final String TOKEN_FILE = "admin-token";

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--addr",
      paramLabel = "URL",
      description = "Admin API address (default: $KEYGATE_ADDR, else " + DEFAULT_ADDRESS + ").")
  private String address;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Admin token (default: $KEYGATE_TOKEN, else the file <data>/admin-token). Prefer the"
              + " variable: arguments are visible to other users of the machine.")
  private String token;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Data directory of the local server, where the admin token and certificate are"
              + " (default: $KEYGATE_DATA, else ./keygate-data).")
  private Path data;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description =
          "PEM certificate to trust for the admin API (default: <data>/admin-cert.pem if it"
              + " exists, else the system trust store).")
  private Path caCertificate;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: text).")
  private Output output = Output.text;

  public Output output() {
    return output;
  }

  public boolean json() {
    return output == Output.json;
  }

  /** The environment of this invocation. */
  public CliEnvironment environment() {
    return ((Main) spec.root().userObject()).environment();
  }

  /** The data directory whose token and certificate the client uses. */
  public Path dataDirectory() {
    if (data != null) {
      return data;
    }
    return Path.of(environment().variable(DATA_VARIABLE).orElse(DEFAULT_DATA));
  }

  /** A client configured from these options. */
  public AdminClient client() {
    URI uri;
    String text =
        address != null
            ? address
            : environment().variable(ADDRESS_VARIABLE).orElse(DEFAULT_ADDRESS);
    try {
      uri = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(
          "--addr must be a URL such as " + DEFAULT_ADDRESS + "; got '" + text + "'");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw CliFailure.usage(
          "--addr must be an https:// URL such as " + DEFAULT_ADDRESS + "; got '" + text + "'");
    }
    try {
      return AdminClient.create(uri, token(), trustedCertificate());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(e.getMessage());
    }
  }

  private String token() {
    if (token != null) {
      return token.strip();
    }
    Optional<String> fromEnvironment = environment().variable(TOKEN_VARIABLE);
    if (fromEnvironment.isPresent()) {
      return fromEnvironment.get().strip();
    }
    Path file = dataDirectory().resolve(TOKEN_FILE);
    try {
      return AdminToken.read(file).reveal();
    } catch (NoSuchFileException e) {
      throw new CliFailure(
          ExitCodes.FORBIDDEN,
          "no admin token: set KEYGATE_TOKEN, pass --token, or point --data at the server's data"
              + " directory (no "
              + file
              + ")");
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.FORBIDDEN, "cannot read the admin token: " + e.getMessage());
    }
  }

  private Optional<Path> trustedCertificate() {
    if (caCertificate != null) {
      if (!Files.isReadable(caCertificate)) {
        throw CliFailure.usage("--ca-cert: cannot read " + caCertificate);
      }
      return Optional.of(caCertificate);
    }
    Path generated = dataDirectory().resolve(SelfSignedCertificate.CERTIFICATE_FILE);
    return Files.isReadable(generated) ? Optional.of(generated) : Optional.empty();
  }
}
