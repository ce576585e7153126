package io.keygate.check.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.keygate.check.GoldenReports;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --format sarif} validated against the SARIF 2.1.0 JSON schema (vendored in test resources,
 * see sarif/README.md), with a log the schema must refuse as the control that validation runs.
 */
class SarifSchemaTest {
  private static Schema sarif;

  @BeforeAll
  static void loadSchema() throws Exception {
    try (InputStream in =
        SarifSchemaTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      sarif = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
    }
  }

  @Test
  void sarifReportOfTheFixtureRepository_isValidAgainstTheSarif210Schema() throws Exception {
    String log = ReportFormat.SARIF.render(GoldenReports.report(), false);

    List<Error> errors = sarif.validate(log, InputFormat.JSON);

    assertThat(errors).isEmpty();
    assertThat(log).contains("\"ruleId\" : \"KG003\"");
  }

  @Test
  void aLogWithAnUnknownLevelAndNoDriverName_isRefusedByTheSchema() throws Exception {
    String log =
        ReportFormat.SARIF
            .render(GoldenReports.report(), false)
            .replaceFirst("\"name\" : \"keygate-check\"", "\"nom\" : \"keygate-check\"")
            .replace("\"level\" : \"error\"", "\"level\" : \"fatal\"");

    List<Error> errors = sarif.validate(log, InputFormat.JSON);

    assertThat(errors)
        .extracting(Error::getKeyword)
        .contains("required", "enum", "additionalProperties");
  }
}
