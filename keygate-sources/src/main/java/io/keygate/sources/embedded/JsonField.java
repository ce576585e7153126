package io.keygate.sources.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretValue;
import java.io.IOException;
import java.util.Arrays;

/**
 * One field of a JSON secret, by JSON pointer (shared by the sources that serve {@code #/field}).
 * Errors name the secret and the pointer; the parser's own messages are never passed on, because
 * they quote the document.
 */
public final class JsonField {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonField() {}

  /** The field's text (a string as is, anything else as JSON). */
  public static SecretValue extract(SecretValue document, String pointer, String secret) {
    byte[] bytes = document.revealBytes();
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      root = null;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    if (root == null || root.isMissingNode() || !root.isContainerNode()) {
      throw new SecretAccessException(
          422,
          "SecretNotJson",
          "secret "
              + secret
              + " is not a JSON object or array, so its field "
              + pointer
              + " cannot be read");
    }
    JsonNode field = root.at(pointer);
    if (field.isMissingNode()) {
      throw new SecretAccessException(
          404, "SecretFieldNotFound", "secret " + secret + " has no field " + pointer);
    }
    if (field.isValueNode()) {
      return SecretValue.of(field.asText());
    }
    try {
      return SecretValue.of(JSON.writeValueAsString(field));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON field could not be written back", e);
    }
  }
}
