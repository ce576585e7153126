package io.keygate.vault.server.resolve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.keygate.vault.server.ApiError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST /v1/resolve}, read strictly: unknown fields, wrong types and missing
 * fields are 400 {@code BadParameter} naming the field. Messages never quote the body.
 *
 * @param vault the vault
 * @param name the secret
 * @param version a pinned version, or empty for the current one
 * @param principals the caller's principals (only {@code user:}, {@code group:}, {@code app:},
 *     {@code key:} ones count)
 * @param node the gateway node's name, for the audit entry
 * @param api the API the request is for, or empty
 * @param requestId the request id, or empty
 */
record ResolveRequest(
    String vault,
    String name,
    Optional<String> version,
    List<String> principals,
    String node,
    String api,
    String requestId) {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final Set<String> FIELDS =
      Set.of("vault", "name", "version", "principals", "node", "api", "requestId");

  static ResolveRequest parse(byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      throw ApiError.badParameter("request body is not valid JSON");
    }
    if (json == null || !json.isObject()) {
      throw ApiError.badParameter("request body must be a JSON object");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) {
        throw ApiError.badParameter(
            "unknown field '"
                + (field.length() > 64 ? field.substring(0, 64) + "..." : field)
                + "'; allowed fields: [api, name, node, principals, requestId, vault, version]");
      }
    }
    JsonNode list = json.path("principals");
    if (!list.isArray() || list.isEmpty()) {
      throw ApiError.badParameter("field 'principals' must be a non-empty array of strings");
    }
    List<String> principals = new ArrayList<>();
    for (JsonNode principal : list) {
      if (!principal.isTextual()) {
        throw ApiError.badParameter("field 'principals' must be a non-empty array of strings");
      }
      principals.add(principal.textValue());
    }
    return new ResolveRequest(
        required(json, "vault"),
        required(json, "name"),
        optional(json, "version"),
        principals,
        required(json, "node"),
        optional(json, "api").orElse(""),
        optional(json, "requestId").orElse(""));
  }

  private static String required(JsonNode json, String field) {
    return optional(json, field)
        .filter(s -> !s.isEmpty())
        .orElseThrow(() -> ApiError.badParameter("field '" + field + "' is required"));
  }

  private static Optional<String> optional(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw ApiError.badParameter("field '" + field + "' must be a string");
    }
    if (value.textValue().length() > 512) {
      throw ApiError.badParameter("field '" + field + "' is longer than 512 characters");
    }
    return Optional.of(value.textValue());
  }
}
