package io.keygate.check;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML file read as a list of scalar values with their JSON pointers and lines, so that findings
 * point at the line of the value they concern and the plaintext detector can see every value. Best
 * effort: a document that does not parse yields what was read before the error.
 */
public final class YamlDocument {
  private static final YAMLFactory YAML = new YAMLFactory();

  /**
   * One scalar value.
   *
   * @param pointer its JSON pointer, e.g. {@code /inject/0/value}
   * @param text the value as text
   * @param location its file, line and column
   */
  public record Scalar(String pointer, String text, Location location) {}

  private final String file;
  private final List<Scalar> scalars;
  private final Map<String, Location> positions;

  private YamlDocument(String file, List<Scalar> scalars, Map<String, Location> positions) {
    this.file = file;
    this.scalars = List.copyOf(scalars);
    this.positions = Map.copyOf(positions);
  }

  /** Reads {@code yaml}; {@code file} is the name locations carry. */
  public static YamlDocument parse(String file, String yaml) {
    List<Scalar> scalars = new ArrayList<>();
    Map<String, Location> positions = new HashMap<>();
    try (JsonParser parser = YAML.createParser(yaml)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        JsonStreamContext context = parser.getParsingContext();
        if (token.isStructStart()) {
          context = context.getParent();
        }
        JsonLocation at = parser.currentTokenLocation();
        Location location = new Location(file, at.getLineNr(), at.getColumnNr());
        String pointer = context.pathAsPointer().toString();
        if (token == JsonToken.FIELD_NAME || token.isStructStart()) {
          positions.putIfAbsent(pointer, location);
        } else if (token.isScalarValue()) {
          positions.putIfAbsent(pointer, location);
          if (token != JsonToken.VALUE_NULL) {
            scalars.add(new Scalar(pointer, parser.getText(), location));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the definition parser reports the syntax error with its own location
    }
    return new YamlDocument(file, scalars, positions);
  }

  public String file() {
    return file;
  }

  /** Every non-null scalar, in document order. */
  public List<Scalar> scalars() {
    return scalars;
  }

  /** The location of {@code pointer}, or of its nearest enclosing field, or of the file. */
  public Location at(String pointer) {
    String p = pointer;
    while (true) {
      Location found = positions.get(p);
      if (found != null) {
        return found;
      }
      if (p.isEmpty()) {
        return new Location(file, 0, 0);
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** The scalar at exactly {@code pointer}. */
  public java.util.Optional<Scalar> scalar(String pointer) {
    return scalars.stream().filter(s -> s.pointer().equals(pointer)).findFirst();
  }
}
