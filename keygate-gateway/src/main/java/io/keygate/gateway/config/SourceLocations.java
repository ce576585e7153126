package io.keygate.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each field of a YAML document starts, by JSON pointer ({@code /upstream/url}), so that
 * validation messages can name a line even though records do not keep one.
 */
final class SourceLocations {
  private static final YAMLFactory YAML = new YAMLFactory();
  private final String file;
  private final Map<String, int[]> positions = new HashMap<>();

  private SourceLocations(String file) {
    this.file = file;
  }

  /** Best effort: a document that does not even parse yields no locations (the parser says why). */
  static SourceLocations of(String file, String yaml) {
    SourceLocations locations = new SourceLocations(file);
    try (JsonParser parser = YAML.createParser(yaml)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME || token.isScalarValue() || token.isStructStart()) {
          JsonStreamContext context = parser.getParsingContext();
          if (token.isStructStart()) {
            context = context.getParent();
          }
          JsonLocation at = parser.currentTokenLocation();
          locations.positions.putIfAbsent(
              context.pathAsPointer().toString(), new int[] {at.getLineNr(), at.getColumnNr()});
        }
      }
    } catch (IOException | RuntimeException e) {
      // the mapper reports the syntax error with its own location
    }
    return locations;
  }

  /** A problem at {@code pointer}, located at the nearest enclosing field that exists. */
  DefinitionProblem problem(String pointer, String message) {
    String p = pointer;
    while (true) {
      int[] at = p.isEmpty() ? null : positions.get(p);
      if (at != null) {
        return new DefinitionProblem(file, at[0], at[1], message);
      }
      if (p.isEmpty()) {
        return new DefinitionProblem(file, 0, 0, message);
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }
}
