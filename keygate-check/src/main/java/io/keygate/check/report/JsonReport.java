package io.keygate.check.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.check.Finding;
import io.keygate.check.Report;
import io.keygate.check.Severity;

/** The report as one JSON document: profile, time, summary counts, rules and findings. */
public final class JsonReport {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static String render(Report report) {
    return write(tree(report));
  }

  /** The report as a JSON tree. */
  public static ObjectNode tree(Report report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("profile", report.profile());
    root.put("checkedAt", report.checkedAt().toString());
    ObjectNode summary = root.putObject("summary");
    report.counts().forEach((s, n) -> summary.put(s.label(), n));
    summary.put("text", report.summary());
    ArrayNode rules = root.putArray("rules");
    for (Report.RuleResult r : report.rules()) {
      ObjectNode rule = rules.addObject();
      rule.put("id", r.id());
      rule.put("name", r.name());
      rule.put("severity", r.severity().label());
      rule.put("description", r.description());
      r.controls().forEach(rule.putArray("controls")::add);
      rule.put("findings", report.findingsOf(r.id()).size());
    }
    ArrayNode findings = root.putArray("findings");
    for (Finding f : report.findings()) {
      ObjectNode node = findings.addObject();
      node.put("rule", f.ruleId());
      node.put("name", f.ruleName());
      node.put("severity", f.severity().label());
      node.put("message", f.message());
      if (f.location().hasFile()) {
        node.put("file", f.location().file());
        node.put("line", f.location().line());
      }
      f.controls().forEach(node.putArray("controls")::add);
    }
    report.notChecked().forEach(root.putArray("notChecked")::add);
    return root;
  }

  static String write(Object tree) {
    try {
      return JSON.writeValueAsString(tree) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report", e);
    }
  }

  static String sarifLevel(Severity severity) {
    return severity.label();
  }
}
