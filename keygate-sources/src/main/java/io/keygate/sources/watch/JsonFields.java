package io.keygate.sources.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretValue;

/**
 * Selects one field of a JSON secret by JSON pointer. Errors name the secret and the pointer, never
 * the document.
 */
public final class JsonFields {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFields() {}

  /**
   * The field at {@code pointer} in {@code root}: a string as is, anything else as JSON text; 404
   * {@code SecretFieldNotFound} when absent.
   */
  public static SecretValue select(JsonNode root, String pointer, String secret) {
    JsonNode field = root.at(pointer);
    if (field.isMissingNode()) {
      throw new SecretAccessException(
          404, "SecretFieldNotFound", "secret " + secret + " has no field " + pointer);
    }
    return SecretValue.of(field.isValueNode() ? field.asText() : text(field));
  }

  /** {@code node} as compact JSON text. */
  public static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON node could not be written back");
    }
  }

  /**
   * Parses a secret's value as a JSON object or array; 422 {@code SecretNotJson} otherwise. The
   * parser's message is not passed on, because it quotes the document.
   */
  public static JsonNode parse(String value, String pointer, String secret) {
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      root = null;
    }
    if (root == null || !root.isContainerNode()) {
      throw new SecretAccessException(
          422,
          "SecretNotJson",
          "secret "
              + secret
              + " is not a JSON object or array, so its field "
              + pointer
              + " cannot be read");
    }
    return root;
  }
}
