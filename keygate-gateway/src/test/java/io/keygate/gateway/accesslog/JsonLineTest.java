package io.keygate.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class JsonLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Property
  void anyStringValue_readsBackUnchanged(@ForAll String value, @ForAll String key)
      throws Exception {
    String line = new JsonLine().string("path", value).object("v").string(key, value).end().close();

    JsonNode parsed = JSON.readTree(line);
    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    assertThat(parsed.get("path").asText()).isEqualTo(value);
    assertThat(parsed.get("v").get(key).asText()).isEqualTo(value);
  }

  @Property
  void nanoseconds_areWrittenAsMillisecondsRoundedToTheMicrosecond(
      @ForAll @LongRange(min = 0, max = 10_000_000_000_000L) long nanos) throws Exception {
    String line = new JsonLine().millis("totalMs", nanos).close();

    BigDecimal expected = BigDecimal.valueOf((nanos + 500) / 1_000).movePointLeft(3).setScale(3);
    assertThat(line).isEqualTo("{\"totalMs\":" + expected.toPlainString() + "}");
    assertThat(JSON.readTree(line).get("totalMs").decimalValue()).isEqualByComparingTo(expected);
  }

  @Property
  void time_isIso8601UtcWithMilliseconds(
      @ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long epochMillis) throws Exception {
    String line = new JsonLine().time("time", epochMillis).close();

    String text = JSON.readTree(line).get("time").asText();
    assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(Instant.parse(text).toEpochMilli()).isEqualTo(epochMillis);
  }

  @Test
  void fieldsAreSeparatedAndNegativeLatencyIsNull() throws Exception {
    String line =
        new JsonLine()
            .string("api", "orders")
            .nul("consumer")
            .number("status", 200)
            .millis("upstreamMs", -1)
            .object("secretVersions")
            .end()
            .string("error", "NoRoute")
            .close();

    assertThat(line)
        .isEqualTo(
            "{\"api\":\"orders\",\"consumer\":null,\"status\":200,\"upstreamMs\":null,"
                + "\"secretVersions\":{},\"error\":\"NoRoute\"}");
  }
}
