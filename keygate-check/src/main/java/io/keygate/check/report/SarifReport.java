package io.keygate.check.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.check.Finding;
import io.keygate.check.Report;
import io.keygate.check.plaintext.PlaintextDetector;
import java.util.HashMap;
import java.util.Map;

/**
 * SARIF 2.1.0, the format GitHub code scanning reads: one run, the rules in {@code
 * tool.driver.rules}, each finding a result located on its file and line (relative URIs, so the
 * repository root is the base). Findings without a file carry no location.
 */
final class SarifReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReport() {}

  static String render(Report report) {
    ObjectNode root = JsonReport.JSON.createObjectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "keygate-check");
    driver.put("informationUri", "https://github.com/keygate/keygate/blob/main/docs/CHECK.md");
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> index = new HashMap<>();
    for (Report.RuleResult r : report.rules()) {
      index.put(r.id(), rules.size());
      ObjectNode rule = rules.addObject();
      rule.put("id", r.id());
      rule.put("name", r.name());
      rule.putObject("shortDescription").put("text", r.description());
      rule.putObject("defaultConfiguration").put("level", JsonReport.sarifLevel(r.severity()));
      ObjectNode properties = rule.putObject("properties");
      ArrayNode tags = properties.putArray("tags");
      tags.add("security");
      r.controls().forEach(tags::add);
    }
    ArrayNode results = run.putArray("results");
    for (Finding f : report.findings()) {
      ObjectNode result = results.addObject();
      result.put("ruleId", f.ruleId());
      result.put("ruleIndex", index.get(f.ruleId()));
      result.put("level", JsonReport.sarifLevel(f.severity()));
      result.putObject("message").put("text", f.message());
      if (f.location().hasFile()) {
        ObjectNode physical =
            result.putArray("locations").addObject().putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", f.location().file());
        if (f.location().line() > 0) {
          ObjectNode region = physical.putObject("region");
          region.put("startLine", f.location().line());
          if (f.location().column() > 0) {
            region.put("startColumn", f.location().column());
          }
        }
      }
      // Lets code scanning track a finding across runs without the message's wording.
      result
          .putObject("partialFingerprints")
          .put(
              "keygateFinding/v1",
              PlaintextDetector.fingerprint(
                  f.ruleId() + "|" + f.location().file() + "|" + f.message()));
    }
    return JsonReport.write(root);
  }
}
