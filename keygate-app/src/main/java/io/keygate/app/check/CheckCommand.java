package io.keygate.app.check;

import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.cli.ClientOptions;
import io.keygate.app.client.AdminClient;
import io.keygate.app.config.ConfigException;
import io.keygate.app.config.ConfigLoader;
import io.keygate.app.config.KeygateConfig;
import io.keygate.app.serve.ServeSettings;
import io.keygate.check.Check;
import io.keygate.check.CheckContext;
import io.keygate.check.CheckInputs;
import io.keygate.check.HttpIssuerProbe;
import io.keygate.check.MetadataSource;
import io.keygate.check.MetadataUnavailableException;
import io.keygate.check.Profile;
import io.keygate.check.Profiles;
import io.keygate.check.Report;
import io.keygate.check.Severity;
import io.keygate.check.report.ReportFormat;
import io.keygate.gateway.config.Durations;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keygate check}: the pre-deploy check. Reads what will be deployed, asks the vault for
 * metadata (never values), and reports. Exit 0 clean, 1 findings at or above {@code --fail-on}, 2
 * the check could not run (the reason is printed).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check API definitions, config and vault metadata before a deploy: unresolved, disabled,"
          + " expired or expiring secrets, rotation, plaintext credentials, API keys, certificates.",
      "Exit 0 clean, 1 findings at or above --fail-on, 2 the check could not run."
    })
public final class CheckCommand implements Callable<Integer> {
  /** Exit code when the check itself could not run (0 and 1 come from {@link Report#exitCode}). */
  static final int COULD_NOT_RUN = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--apis",
      paramLabel = "DIR",
      description = "API definitions (default <data>/apis).")
  Path apis;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      description = "Policies (default <data>/policies).")
  Path policies;

  @Option(names = "--config", paramLabel = "FILE", description = "The node's keygate.yaml.")
  Path config;

  @Option(
      names = "--addr",
      paramLabel = "URL",
      description = "Check a running node's vault over its admin API.")
  String address;

  @Option(
      names = "--source",
      paramLabel = "URI",
      description =
          "Also ask an external vault for its references' metadata: azure://[vault] or"
              + " hashicorp://[mount] (settings from sources: in --config). Repeatable.")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: config, else ./keygate-data).")
  Path data;

  @Option(
      names = "--ca-cert",
      paramLabel = "FILE",
      description = "Certificate to trust with --addr (default <data>/admin-cert.pem).")
  Path caCertificate;

  @Option(
      names = "--profile",
      paramLabel = "NAME|FILE",
      description = "default, soc2, iso27001, or a profile file (default: default).")
  String profile = "default";

  @Option(
      names = "--within",
      paramLabel = "DURATION",
      description = "Expiry window, e.g. 14d (default: the profile's, 30d).")
  String within;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = "text, json, sarif, junit or github (default: text).")
  String format = "text";

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      description = "Exit 1 for findings at or above: error, warning, note (default: error).")
  String failOn = "error";

  @Option(
      names = "--online",
      description = "Also ask each JWT issuer's discovery document and JWKS.")
  boolean online;

  @Option(
      names = "--evidence",
      paramLabel = "DIR",
      description = "Write a dated evidence bundle into DIR.")
  Path evidence;

  @Option(
      names = "--base",
      paramLabel = "DIR",
      description =
          "Report file paths relative to DIR (default: the working directory, the repository"
              + " root in CI).")
  Path base;

  @Option(
      names = "--at",
      hidden = true,
      paramLabel = "INSTANT",
      description = "Judge as of this time (tests).")
  Instant at;

  private Path evidenceFolder;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Report report = run();
      ReportFormat fmt = ReportFormat.parse(format);
      out.print(fmt.render(report, fmt == ReportFormat.TEXT && onTerminal(environment())));
      out.flush();
      if (evidence != null) {
        err.println("evidence written to " + evidenceFolder);
      }
      return report.exitCode(Severity.parse(failOn));
    } catch (CouldNotRun | MetadataUnavailableException | IllegalArgumentException e) {
      err.println("keygate check could not run: " + e.getMessage());
    } catch (ConfigException e) {
      err.println("keygate check could not run: " + e.getMessage());
    } catch (IOException e) {
      err.println("keygate check could not run: cannot read " + e.getMessage());
    }
    err.flush();
    return COULD_NOT_RUN;
  }

  private CliEnvironment environment() {
    return ((Main) spec.root().userObject()).environment();
  }

  /**
   * Colour only for a person at a terminal: never with NO_COLOR, and never when stdout is a file or
   * pipe (Console.isTerminal, JDK 22+, asked reflectively as the build targets 21).
   */
  private static boolean onTerminal(CliEnvironment environment) {
    java.io.Console console = System.console();
    if (console == null || environment.variable("NO_COLOR").isPresent()) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private Report run() throws IOException {
    CliEnvironment environment = environment();
    Severity.parse(failOn);
    ReportFormat.parse(format);
    KeygateConfig file = config == null ? KeygateConfig.defaults() : ConfigLoader.load(config);
    ServeSettings settings =
        ServeSettings.resolve(file, new ServeSettings.Flags(data, null, null), environment);
    Path apisDir = apis != null ? apis : settings.apis();
    Path policiesDir = policies != null ? policies : settings.policies();
    if (!Files.isDirectory(apisDir)) {
      throw new CouldNotRun("no API definitions folder " + apisDir + ": pass --apis DIR");
    }
    Profile chosen = Profiles.load(profile, Check.ruleIds());
    if (within != null) {
      chosen = chosen.withWindow(Durations.parse(within));
    }
    List<Path> certificates = new ArrayList<>();
    Path generated = settings.dataDirectory().resolve(SelfSignedCertificate.CERTIFICATE_FILE);
    if (address == null && Files.isRegularFile(generated)) {
      certificates.add(generated);
    }
    CheckInputs inputs =
        CheckInputs.read(
            base != null ? base : Path.of("").toAbsolutePath(),
            apisDir,
            policiesDir,
            Optional.ofNullable(config),
            certificates);
    Instant now = at != null ? at : Instant.now();
    Optional<io.keygate.check.IssuerProbe> probe =
        online ? Optional.of(new HttpIssuerProbe(Duration.ofSeconds(10))) : Optional.empty();
    List<MetadataSource> external =
        ExternalSources.of(sources, settings.sources(), environment, now);
    if (address != null) {
      RemoteMetadata remote = new RemoteMetadata(client(environment, settings.dataDirectory()));
      return checkWith(
          new CheckContext(inputs, chosen, now, combined(remote, external), probe), remote);
    }
    if (!external.isEmpty() && data == null && !hasVault(settings)) {
      // Only external vaults to ask: embedded references are listed as not checked.
      return checkWith(
          new CheckContext(
              inputs, chosen, now, new CombinedMetadata(Optional.empty(), external), probe),
          EvidenceSource.NONE);
    }
    try (EmbeddedMetadata embedded = EmbeddedMetadata.open(settings.vault())) {
      return checkWith(
          new CheckContext(inputs, chosen, now, combined(embedded, external), probe), embedded);
    }
  }

  private static MetadataSource combined(MetadataSource base, List<MetadataSource> external) {
    return external.isEmpty() ? base : new CombinedMetadata(Optional.of(base), external);
  }

  private static boolean hasVault(ServeSettings settings) {
    return settings.vault().jdbcUrl().isPresent()
        || Files.isRegularFile(settings.dataDirectory().resolve("vault.db"));
  }

  /** Runs the check and, with --evidence, writes the bundle while the source is still open. */
  private Report checkWith(CheckContext context, EvidenceSource source) throws IOException {
    Report report = Check.run(context);
    if (evidence != null) {
      evidenceFolder =
          EvidenceBundle.write(evidence, report, target(), context.describedSecrets(), source);
    }
    return report;
  }

  private AdminClient client(CliEnvironment environment, Path dataDirectory) {
    URI uri = URI.create(address.strip());
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new CouldNotRun(
          "--addr must be an https:// URL such as " + ClientOptions.DEFAULT_ADDRESS);
    }
    String token =
        environment
            .variable(ClientOptions.TOKEN_VARIABLE)
            .orElseGet(
                () -> {
                  try {
                    return AdminToken.read(dataDirectory.resolve(ClientOptions.TOKEN_FILE))
                        .reveal();
                  } catch (IOException e) {
                    throw new CouldNotRun(
                        "no admin token: set KEYGATE_TOKEN or pass --data DIR holding admin-token");
                  }
                });
    Path cert =
        caCertificate != null
            ? caCertificate
            : dataDirectory.resolve(SelfSignedCertificate.CERTIFICATE_FILE);
    return AdminClient.create(
        uri, token.strip(), Files.isReadable(cert) ? Optional.of(cert) : Optional.empty());
  }

  private String target() {
    String base =
        address != null
            ? "remote vault " + address
            : "embedded vault in " + (data == null ? "the default data directory" : data);
    return sources.isEmpty() ? base : base + ", and " + String.join(", ", sources);
  }

  /** The check cannot run; the message says why. */
  static final class CouldNotRun extends RuntimeException {
    CouldNotRun(String message) {
      super(message, null, false, false);
    }
  }
}
