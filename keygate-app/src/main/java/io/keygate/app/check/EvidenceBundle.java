package io.keygate.app.check;

import io.keygate.check.Report;
import io.keygate.check.report.ReportFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code --evidence DIR}: a dated folder for auditors with the report in every format, the checked
 * secrets' versions, rotation policies and history, their audit entries, the verification of the
 * audit trail's hash chain that holds those entries, and a README saying what was checked.
 */
final class EvidenceBundle {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private EvidenceBundle() {}

  /** Writes the bundle and returns its folder. */
  static Path write(
      Path parent,
      Report report,
      String target,
      java.util.List<io.keygate.check.SecretMetadata> secrets,
      EvidenceSource source)
      throws IOException {
    Path folder = parent.resolve("keygate-check-" + STAMP.format(report.checkedAt()));
    Files.createDirectories(folder);
    for (ReportFormat format : ReportFormat.values()) {
      Files.writeString(
          folder.resolve("report." + format.extension()),
          format.render(report, false),
          StandardCharsets.UTF_8);
    }
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    com.fasterxml.jackson.databind.node.ArrayNode checked = json.createArrayNode();
    java.util.List<io.keygate.check.SecretMetadata> sorted =
        secrets.stream().sorted(java.util.Comparator.comparing(EvidenceBundle::shown)).toList();
    for (io.keygate.check.SecretMetadata m : sorted) {
      com.fasterxml.jackson.databind.node.ObjectNode item = checked.addObject();
      item.put("secret", shown(m));
      item.put("currentVersion", m.currentVersion());
      com.fasterxml.jackson.databind.node.ArrayNode versions = item.putArray("versions");
      for (io.keygate.check.VersionMetadata v : m.versions()) {
        com.fasterxml.jackson.databind.node.ObjectNode version = versions.addObject();
        version.put("version", v.version());
        version.put("enabled", v.enabled());
        version.put("created", v.created().toString());
        v.notBefore().ifPresent(t -> version.put("notBefore", t.toString()));
        v.expires().ifPresent(t -> version.put("expires", t.toString()));
      }
      item.put("rotationKnown", m.rotationKnown());
      m.rotation()
          .ifPresent(
              r -> {
                com.fasterxml.jackson.databind.node.ObjectNode policy = item.putObject("rotation");
                r.every().ifPresent(d -> policy.put("every", d.toString()));
                r.beforeExpiry().ifPresent(d -> policy.put("beforeExpiry", d.toString()));
                r.versionLifetime().ifPresent(d -> policy.put("versionLifetime", d.toString()));
              });
      // Rotation history is the Keygate vault's; external sources keep none the check can read.
      item.set(
          "rotationHistory",
          io.keygate.secrets.SecretRef.EMBEDDED.equals(m.ref().source())
              ? source.rotationHistory(m)
              : json.createArrayNode());
    }
    Files.writeString(
        folder.resolve("secrets.json"),
        json.writeValueAsString(checked) + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        folder.resolve("audit.json"),
        json.writeValueAsString(source.auditEntries(sorted)) + "\n",
        StandardCharsets.UTF_8);
    com.fasterxml.jackson.databind.JsonNode chain = source.auditChain();
    Files.writeString(
        folder.resolve("audit-chain.json"),
        json.writeValueAsString(chain) + "\n",
        StandardCharsets.UTF_8);
    String readme =
        "Keygate pre-deploy check evidence\n\n"
            + "checked at: "
            + report.checkedAt()
            + "\nprofile:    "
            + report.profile()
            + "\ntarget:     "
            + target
            + "\nresult:     "
            + report.summary()
            + "\naudit chain: "
            + chainLine(chain)
            + "\n\nreport.json, report.sarif, report.junit.xml, report.txt and report.github.txt"
            + " hold the same findings; each finding names its rule and the controls the profile"
            + " maps it to. secrets.json lists each checked secret's versions, rotation policy and"
            + " rotation history; audit.json the recent audit entries (up to 1000 scanned) that"
            + " concern them. audit-chain.json verifies the vault's audit trail, a hash chain that"
            + " holds every one of those entries: ok with the number of entries checked and the"
            + " last position and hash (keep it: a later verification must pass through it), or"
            + " the first entry where the chain breaks (altered, removed or reordered). No secret"
            + " value is in any file: the check reads metadata only.\n";
    Files.writeString(folder.resolve("README.txt"), readme, StandardCharsets.UTF_8);
    return folder;
  }

  /** {@code vault/name} for the Keygate vault, {@code scheme://vault/name} for the others. */
  private static String shown(io.keygate.check.SecretMetadata m) {
    String path = m.ref().vault() + "/" + m.ref().name();
    return io.keygate.secrets.SecretRef.EMBEDDED.equals(m.ref().source())
        ? path
        : m.ref().source() + "://" + path;
  }

  private static String chainLine(com.fasterxml.jackson.databind.JsonNode chain) {
    if (chain.has("summary")) {
      return chain.path("summary").asText();
    }
    return "not verified (" + chain.path("unavailable").asText("no answer") + ")";
  }
}
