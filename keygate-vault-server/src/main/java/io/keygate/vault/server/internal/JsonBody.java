package io.keygate.vault.server.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.vault.server.ApiError;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A strictly read JSON object from a request body: bad JSON, duplicate keys, unknown fields and
 * wrong types are refused with a 400 that names the field. Messages never quote the body, because
 * the body may carry a secret value.
 */
public final class JsonBody {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private final ObjectNode node;
  private final String prefix;

  private JsonBody(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  /**
   * Parses {@code body} as one JSON object whose fields are all in {@code allowed}.
   *
   * @throws ApiError 400 when it is empty, not JSON, not an object or has an unknown field
   */
  public static JsonBody parse(Buffer body, Set<String> allowed) {
    if (body == null || body.length() == 0) {
      throw ApiError.badParameter("request body is empty: a JSON object is expected");
    }
    JsonNode tree;
    try (JsonParser parser = MAPPER.createParser(body.getBytes())) {
      tree = MAPPER.readTree(parser);
      if (tree != null && parser.nextToken() != null) {
        throw ApiError.badParameter("request body has content after the JSON object");
      }
    } catch (JsonParseException e) {
      throw ApiError.badParameter(describe(e));
    } catch (JsonProcessingException e) {
      throw ApiError.badParameter("request body is not valid JSON" + at(e.getLocation()));
    } catch (IOException e) {
      throw ApiError.badParameter("request body cannot be read as JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw ApiError.badParameter("request body must be a JSON object");
    }
    JsonBody result = new JsonBody((ObjectNode) tree, "");
    result.requireOnly(allowed);
    return result;
  }

  private static String describe(JsonParseException e) {
    String original = e.getOriginalMessage();
    if (original != null && original.startsWith("Duplicate field")) {
      int open = original.indexOf('\'');
      int close = original.lastIndexOf('\'');
      String field = open >= 0 && close > open ? original.substring(open + 1, close) : "?";
      return "request body has the field '" + field + "' twice";
    }
    return "request body is not valid JSON" + at(e.getLocation());
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private void requireOnly(Set<String> allowed) {
    Set<String> unknown = new TreeSet<>();
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                unknown.add(name);
              }
            });
    if (!unknown.isEmpty()) {
      String name = unknown.iterator().next();
      throw ApiError.badParameter(
          "unknown field '"
              + prefix
              + shorten(name)
              + "'; allowed fields: "
              + new TreeSet<>(allowed));
    }
  }

  private static String shorten(String name) {
    return name.length() > 64 ? name.substring(0, 64) + "..." : name;
  }

  /** Whether the field is present and not null. */
  public boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  /** A required string field. */
  public String requiredString(String field) {
    return optionalString(field)
        .orElseThrow(() -> ApiError.badParameter("field '" + prefix + field + "' is required"));
  }

  /** An optional string field. */
  public Optional<String> optionalString(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = node.get(field);
    if (!value.isTextual()) {
      throw wrongType(field, "a string");
    }
    return Optional.of(value.textValue());
  }

  /** An optional boolean field. */
  public Optional<Boolean> optionalBoolean(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = node.get(field);
    if (!value.isBoolean()) {
      throw wrongType(field, "true or false");
    }
    return Optional.of(value.booleanValue());
  }

  /** An optional whole number field, in the range of a long. */
  public Optional<Long> optionalLong(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw wrongType(field, "a whole number");
    }
    return Optional.of(value.longValue());
  }

  /** An optional object field whose own fields are all in {@code allowed}. */
  public Optional<JsonBody> optionalObject(String field, Set<String> allowed) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = node.get(field);
    if (!value.isObject()) {
      throw wrongType(field, "an object");
    }
    JsonBody nested = new JsonBody((ObjectNode) value, prefix + field + ".");
    nested.requireOnly(allowed);
    return Optional.of(nested);
  }

  /** An optional object of string values, in field order. */
  public Optional<Map<String, String>> optionalStringMap(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    JsonNode value = node.get(field);
    if (!value.isObject()) {
      throw wrongType(field, "an object of strings");
    }
    Map<String, String> result = new LinkedHashMap<>();
    value
        .fields()
        .forEachRemaining(
            entry -> {
              if (!entry.getValue().isTextual()) {
                throw ApiError.badParameter(
                    "field '"
                        + prefix
                        + field
                        + "."
                        + shorten(entry.getKey())
                        + "' must be a string");
              }
              result.put(entry.getKey(), entry.getValue().textValue());
            });
    return Optional.of(result);
  }

  private ApiError wrongType(String field, String expected) {
    return ApiError.badParameter("field '" + prefix + field + "' must be " + expected);
  }
}
