package io.keygate.check.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.check.GoldenReports;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the SARIF 2.1.0 schema cannot say (SarifSchemaTest validates against the schema itself):
 * ruleIndex points at its rule, rule ids are unique, and no property outside what we mean to emit
 * appears. Written out: sarifLog {version, runs}; run {tool}; tool {driver}; toolComponent {name};
 * reportingDescriptor {id}; result {message{text}}, level in none/note/warning/error, ruleIndex
 * pointing at its rule; physicalLocation {artifactLocation{uri}}, region.startLine >= 1; no
 * property outside the schema.
 */
class SarifStructureTest {
  private static final Set<String> LOG = Set.of("$schema", "version", "runs");
  private static final Set<String> RUN = Set.of("tool", "results");
  private static final Set<String> DRIVER = Set.of("name", "informationUri", "rules");
  private static final Set<String> RULE =
      Set.of("id", "name", "shortDescription", "defaultConfiguration", "properties");
  private static final Set<String> RESULT =
      Set.of("ruleId", "ruleIndex", "level", "message", "locations", "partialFingerprints");

  @Test
  void sarifReport_meetsTheRequiredStructureOf210() throws Exception {
    JsonNode log =
        new ObjectMapper().readTree(ReportFormat.SARIF.render(GoldenReports.report(), false));

    only(log, LOG);
    assertThat(log.path("version").asText()).isEqualTo("2.1.0");
    assertThat(log.path("runs").isArray()).isTrue();
    JsonNode run = log.path("runs").get(0);
    only(run, RUN);
    JsonNode driver = run.path("tool").path("driver");
    only(driver, DRIVER);
    assertThat(driver.path("name").asText()).isNotBlank();
    JsonNode rules = driver.path("rules");
    Set<String> ids = new HashSet<>();
    for (JsonNode rule : rules) {
      only(rule, RULE);
      assertThat(ids.add(rule.path("id").asText())).isTrue();
      assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
      assertThat(rule.path("defaultConfiguration").path("level").asText())
          .isIn("none", "note", "warning", "error");
    }
    assertThat(run.path("results").size()).isPositive();
    for (JsonNode result : run.path("results")) {
      only(result, RESULT);
      int index = result.path("ruleIndex").asInt(-1);
      assertThat(rules.get(index).path("id").asText()).isEqualTo(result.path("ruleId").asText());
      assertThat(result.path("level").asText()).isIn("none", "note", "warning", "error");
      assertThat(result.path("message").path("text").asText()).isNotBlank();
      result
          .path("partialFingerprints")
          .fields()
          .forEachRemaining(f -> assertThat(f.getValue().isTextual()).isTrue());
      for (JsonNode location : result.path("locations")) {
        JsonNode physical = location.path("physicalLocation");
        String uri = physical.path("artifactLocation").path("uri").asText();
        assertThat(uri).isNotBlank().doesNotStartWith("/").doesNotContain("\\");
        assertThat(physical.path("region").path("startLine").asInt()).isGreaterThanOrEqualTo(1);
      }
    }
  }

  private static void only(JsonNode node, Set<String> allowed) {
    assertThat(node.isObject()).isTrue();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      assertThat(allowed).contains(names.next());
    }
  }
}
