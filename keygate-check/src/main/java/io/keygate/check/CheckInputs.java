package io.keygate.check;

import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.config.DefinitionException;
import io.keygate.gateway.config.DefinitionFiles;
import io.keygate.gateway.config.DefinitionParser;
import io.keygate.gateway.config.DefinitionProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What will be deployed, read from disk: the API definitions and policies (parsed and validated by
 * the gateway's own {@link DefinitionParser}), the node config, and certificate files. Files that
 * the gateway would refuse become {@code KG000} hits; every file is kept for the plaintext scan.
 *
 * @param apis the APIs the gateway would load
 * @param references every secret reference in their {@code inject} values
 * @param documents every definition and config file, for the plaintext scan
 * @param invalid why files or templates would be refused (rule KG000 / KG001)
 * @param invalidReferences templates that do not parse (reported by KG001)
 * @param config the node config, if one was given
 * @param certificates certificate files to check for expiry, with where they are declared
 */
public record CheckInputs(
    List<ApiFile> apis,
    List<ReferenceSite> references,
    List<YamlDocument> documents,
    List<Hit> invalid,
    List<Hit> invalidReferences,
    Optional<YamlDocument> config,
    List<CertificateFile> certificates) {

  /**
   * A certificate file to check.
   *
   * @param path the file
   * @param declaredAt where it is configured (or the file itself)
   */
  public record CertificateFile(Path path, Location declaredAt) {}

  public CheckInputs {
    apis = List.copyOf(apis);
    references = List.copyOf(references);
    documents = List.copyOf(documents);
    invalid = List.copyOf(invalid);
    invalidReferences = List.copyOf(invalidReferences);
    certificates = List.copyOf(certificates);
  }

  /**
   * Reads the folders and files. Paths in locations are shown relative to {@code base} when they
   * are inside it (so SARIF results land on repository files).
   *
   * @throws IOException when a folder cannot be listed
   */
  public static CheckInputs read(
      Path base,
      Path apisDir,
      Path policiesDir,
      Optional<Path> configFile,
      List<Path> extraCertificates)
      throws IOException {
    List<ApiFile> apis = new ArrayList<>();
    List<YamlDocument> documents = new ArrayList<>();
    List<Hit> invalid = new ArrayList<>();
    for (Path file : DefinitionFiles.in(apisDir)) {
      String shown = shown(base, file);
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      YamlDocument document = YamlDocument.parse(shown, yaml);
      documents.add(document);
      try {
        apis.add(new ApiFile(DefinitionParser.api(shown, yaml), document));
      } catch (DefinitionException e) {
        e.problems().forEach(p -> invalid.add(hit(p)));
      }
    }
    for (Path file : DefinitionFiles.in(policiesDir)) {
      String shown = shown(base, file);
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      documents.add(YamlDocument.parse(shown, yaml));
      try {
        DefinitionParser.policy(shown, yaml);
      } catch (DefinitionException e) {
        e.problems().forEach(p -> invalid.add(hit(p)));
      }
    }
    Optional<YamlDocument> config = Optional.empty();
    List<CertificateFile> certificates = new ArrayList<>();
    if (configFile.isPresent()) {
      Path file = configFile.get();
      YamlDocument document =
          YamlDocument.parse(shown(base, file), Files.readString(file, StandardCharsets.UTF_8));
      documents.add(document);
      config = Optional.of(document);
      for (String pointer : List.of("/admin/tls/certificate", "/gateway/tls/certificate")) {
        document
            .scalar(pointer)
            .ifPresent(s -> certificates.add(new CertificateFile(Path.of(s.text()), s.location())));
      }
    }
    for (ApiFile api : apis) {
      // upstream.ca: the private CA the upstream's certificate must chain to (an absolute path).
      api.document()
          .scalar("/upstream/ca")
          .ifPresent(s -> certificates.add(new CertificateFile(Path.of(s.text()), s.location())));
    }
    for (Path extra : extraCertificates) {
      certificates.add(new CertificateFile(extra, new Location(shown(base, extra), 0, 0)));
    }
    List<ReferenceSite> references = new ArrayList<>();
    List<Hit> invalidReferences = new ArrayList<>();
    for (ApiFile api : apis) {
      References.collect(api, references, invalidReferences);
    }
    return new CheckInputs(
        apis, references, documents, invalid, invalidReferences, config, certificates);
  }

  private static Hit hit(DefinitionProblem p) {
    return new Hit(
        new Location(p.file(), p.line(), p.column()),
        p.message() + "; the gateway refuses this file: fix it before deploying");
  }

  static String shown(Path base, Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path root = base.toAbsolutePath().normalize();
    String text =
        absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    return text.replace('\\', '/');
  }

  /** The API named {@code name}, if it is deployed. */
  public Optional<ApiDefinition> api(String name) {
    return apis.stream().map(ApiFile::api).filter(a -> a.name().equals(name)).findFirst();
  }
}
