package io.keygate.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads and validates API and policy definitions from YAML. Unknown fields, duplicate keys and
 * wrong types are errors; every problem names the file and, where it can, the line. The same code
 * serves the watched folders and {@code keygate api validate}.
 */
public final class DefinitionParser {
  /** What a definition file describes. */
  public enum Kind {
    API,
    POLICY
  }

  private static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // "Wrong types are errors": without this, 'requests: 1.5' was silently truncated to 1.
          // (A quoted "10" still reads as 10: text that is exactly a number loses nothing.)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .withCoercionConfig(
              LogicalType.Integer,
              c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
          .build();

  private DefinitionParser() {}

  public static ApiDefinition api(Path file) throws DefinitionException {
    return api(file.toString(), read(file));
  }

  /**
   * Reads and validates an API, then asks {@code references} whether each secret reference it
   * injects (those without claims in their name) can resolve for anyone; any that cannot refuses
   * the definition, with the entry's line. May block on {@code references}.
   */
  public static ApiDefinition api(Path file, ReferenceCheck references) throws DefinitionException {
    String yaml = read(file);
    ApiDefinition api = api(file.toString(), yaml);
    List<DefinitionProblem> problems =
        ReferenceProblems.of(api, references, SourceLocations.of(file.toString(), yaml));
    if (!problems.isEmpty()) {
      throw new DefinitionException(problems);
    }
    return api;
  }

  public static PolicyDefinition policy(Path file) throws DefinitionException {
    return policy(file.toString(), read(file));
  }

  public static ApiDefinition api(String file, String yaml) throws DefinitionException {
    ApiDefinition api = bind(file, yaml, ApiDefinition.class);
    List<DefinitionProblem> problems =
        new ApiValidator(SourceLocations.of(file, yaml)).validate(api);
    if (!problems.isEmpty()) {
      throw new DefinitionException(problems);
    }
    return api;
  }

  public static PolicyDefinition policy(String file, String yaml) throws DefinitionException {
    PolicyDefinition policy = bind(file, yaml, PolicyDefinition.class);
    List<DefinitionProblem> problems =
        new PolicyValidator(SourceLocations.of(file, yaml)).validate(policy);
    if (!problems.isEmpty()) {
      throw new DefinitionException(problems);
    }
    return policy;
  }

  /**
   * Guesses what a file describes from its top-level fields, for a validator pointed at a single
   * file: {@code listen}, {@code upstream} or {@code auth} make an API; anything else a policy.
   */
  public static Kind kindOf(Path file) throws DefinitionException {
    String yaml = read(file);
    try {
      JsonNode root = MAPPER.readTree(yaml);
      if (root != null && (root.has("listen") || root.has("upstream") || root.has("auth"))) {
        return Kind.API;
      }
      return Kind.POLICY;
    } catch (JsonProcessingException e) {
      throw new DefinitionException(List.of(describe(file.toString(), e)));
    }
  }

  private static String read(Path file) throws DefinitionException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      // The JDK's own message ("Input length = 1") tells a user nothing.
      throw new DefinitionException(
          List.of(
              new DefinitionProblem(
                  file.toString(), 0, 0, "cannot read: the file is not UTF-8 text")));
    } catch (IOException e) {
      throw new DefinitionException(
          List.of(new DefinitionProblem(file.toString(), 0, 0, "cannot read: " + e.getMessage())));
    }
  }

  private static <T> T bind(String file, String yaml, Class<T> type) throws DefinitionException {
    try {
      T value = MAPPER.readValue(yaml, type);
      if (value == null) {
        throw new DefinitionException(
            List.of(new DefinitionProblem(file, 0, 0, "the file is empty")));
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new DefinitionException(List.of(describe(file, e)));
    }
  }

  private static DefinitionProblem describe(String file, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    int line = at == null ? 0 : Math.max(0, at.getLineNr());
    int column = at == null ? 0 : Math.max(0, at.getColumnNr());
    return new DefinitionProblem(file, line, column, message(e));
  }

  private static String message(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String where = fieldPath(u, 1);
      String known =
          u.getKnownPropertyIds() == null
              ? ""
              : "; expected one of: "
                  + new TreeSet<>(
                          u.getKnownPropertyIds().stream()
                              .map(String::valueOf)
                              .collect(Collectors.toSet()))
                      .stream().collect(Collectors.joining(", "));
      return "unknown field '"
          + u.getPropertyName()
          + "'"
          + (where.isEmpty() ? "" : " in " + where)
          + known;
    }
    if (e instanceof InvalidFormatException f) {
      return fieldOrDocument(f) + ": '" + f.getValue() + "' is not a valid " + typeName(f);
    }
    String original = e.getOriginalMessage();
    if (original != null && original.startsWith("No content to map")) {
      return "the file is empty (or only comments)";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return fieldOrDocument(m) + ": expected " + typeName(m);
    }
    if (original != null && original.startsWith("Duplicate field")) {
      return original.replace("Duplicate field", "duplicate field");
    }
    return "not valid YAML: " + firstLine(original);
  }

  private static String fieldOrDocument(JsonMappingException e) {
    String path = fieldPath(e, 0);
    return path.isEmpty() ? "the document" : "'" + path + "'";
  }

  private static String fieldPath(JsonMappingException e, int dropLast) {
    List<JsonMappingException.Reference> refs = e.getPath();
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < refs.size() - dropLast; i++) {
      JsonMappingException.Reference r = refs.get(i);
      if (r.getFieldName() != null) {
        if (!s.isEmpty()) {
          s.append('.');
        }
        s.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        s.append('[').append(r.getIndex()).append(']');
      }
    }
    return s.toString();
  }

  private static String typeName(MismatchedInputException e) {
    Class<?> t = e.getTargetType();
    if (t == Boolean.class || t == boolean.class) {
      return "boolean (true or false)";
    }
    if (t == Long.class || t == long.class || t == Integer.class || t == int.class) {
      return "whole number";
    }
    if (t == String.class) {
      return "text value";
    }
    if (List.class.isAssignableFrom(t)) {
      return "list";
    }
    return "mapping (" + t.getSimpleName() + ")";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
