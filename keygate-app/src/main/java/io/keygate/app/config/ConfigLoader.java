package io.keygate.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads {@code keygate.yaml} strictly: an unknown key or a wrong type is an error naming it. */
public final class ConfigLoader {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ConfigLoader() {}

  /**
   * Reads {@code file}; an empty file is the defaults.
   *
   * @throws ConfigException when the file is missing or not a valid configuration
   */
  public static KeygateConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    if (text.isBlank()) {
      return KeygateConfig.defaults();
    }
    try {
      KeygateConfig config = YAML.readValue(text, KeygateConfig.class);
      return config == null ? KeygateConfig.defaults() : config;
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds() == null
              ? ""
              : "; known keys here: "
                  + e.getKnownPropertyIds().stream()
                      .map(Object::toString)
                      .collect(Collectors.toCollection(TreeSet::new));
      throw new ConfigException(file + lineOf(text, e) + ": unknown key '" + path(e) + "'" + known);
    } catch (InvalidFormatException e) {
      throw new ConfigException(
          file + lineOf(text, e) + ": '" + path(e) + "' must be " + describe(e.getTargetType()));
    } catch (MismatchedInputException e) {
      if (e.getPath().isEmpty()
          && String.valueOf(e.getOriginalMessage()).startsWith("No content")) {
        return KeygateConfig.defaults();
      }
      throw new ConfigException(
          file
              + lineOf(text, e)
              + ": '"
              + (path(e).isEmpty() ? "(top level)" : path(e))
              + "' must be "
              + describe(e.getTargetType()));
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          file + at(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage());
    }
  }

  /**
   * The line of the key at the exception's path, found in the text: records are read through a
   * buffer, so the parser's location is past the document by the time an unknown key is reported.
   */
  private static String lineOf(String text, JsonMappingException e) {
    List<String> keys = new ArrayList<>();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        keys.add(Pattern.quote(reference.getFieldName()));
      }
    }
    String[] lines = text.split("\r?\n", -1);
    int next = 0;
    for (int i = 0; i < lines.length && next < keys.size(); i++) {
      if (lines[i].matches("\\s*(-\\s+)?[\"']?" + keys.get(next) + "[\"']?\\s*:.*")) {
        next++;
        if (next == keys.size()) {
          return " line " + (i + 1);
        }
      }
    }
    return "";
  }

  private static String path(JsonMappingException e) {
    StringBuilder text = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (!text.isEmpty()) {
          text.append('.');
        }
        text.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        text.append('[').append(reference.getIndex()).append(']');
      }
    }
    return text.toString();
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " line " + location.getLineNr();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "a different type";
    }
    if (type == Integer.class || type == int.class || type == Long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type == Path.class) {
      return "a string";
    }
    if (type.isRecord()) {
      return "a mapping (key: value lines)";
    }
    return "a " + type.getSimpleName();
  }
}
