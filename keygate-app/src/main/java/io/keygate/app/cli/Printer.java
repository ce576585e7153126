package io.keygate.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Writes a command's result to its standard output: JSON, plain lines, or aligned tables. */
public final class Printer {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final PrintWriter out;

  public Printer(CommandSpec spec) {
    this.out = spec.commandLine().getOut();
  }

  /** Pretty-printed JSON and a newline. */
  public void json(JsonNode node) {
    try {
      out.println(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
    out.flush();
  }

  public void line(String text) {
    out.println(text);
    out.flush();
  }

  /** Exactly {@code text}, with no newline added (for values piped into files). */
  public void raw(String text) {
    out.print(text);
    out.flush();
  }

  /** Rows as columns padded to the widest cell; the first row is the header. */
  public void table(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }

  /** Unix seconds as an RFC 3339 UTC time, or {@code -} when absent. */
  public static String time(JsonNode seconds) {
    if (seconds == null || !seconds.canConvertToLong()) {
      return "-";
    }
    return Instant.ofEpochSecond(seconds.asLong()).toString();
  }
}
