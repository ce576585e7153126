package io.keygate.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.keygate.gateway.config.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads profiles: a built-in one by name ({@code default}, {@code soc2}, {@code iso27001}), or a
 * YAML file of the same shape. A file may say {@code extends: soc2} and list only what it changes.
 * Every problem is an {@link IllegalArgumentException} naming the file and the key.
 */
public final class Profiles {
  /** The built-in profile names. */
  public static final List<String> BUILT_IN = List.of("default", "soc2", "iso27001");

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Profiles() {}

  /** A built-in profile by name, or a profile file when {@code nameOrFile} is not one. */
  public static Profile load(String nameOrFile, Set<String> ruleIds) {
    if (BUILT_IN.contains(nameOrFile)) {
      return builtIn(nameOrFile, ruleIds);
    }
    Path file = Path.of(nameOrFile);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--profile: '"
              + nameOrFile
              + "' is neither a built-in profile ("
              + String.join(", ", BUILT_IN)
              + ") nor a readable file");
    }
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), ruleIds);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read profile " + file + ": " + e.getMessage(), e);
    }
  }

  /** A built-in profile. */
  public static Profile builtIn(String name, Set<String> ruleIds) {
    String resource = "profiles/" + name + ".yaml";
    try (InputStream in = Profiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no built-in profile '" + name + "'");
      }
      return parse(
          "built-in profile " + name,
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          ruleIds);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in profile " + name, e);
    }
  }

  /** The text of a built-in profile, to print or copy. */
  public static String builtInText(String name) {
    try (InputStream in = Profiles.class.getResourceAsStream("profiles/" + name + ".yaml")) {
      if (in == null) {
        throw new IllegalArgumentException("no built-in profile '" + name + "'");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in profile " + name, e);
    }
  }

  record ProfileFile(
      String name,
      @JsonProperty("extends") String base,
      String description,
      Boolean production,
      Map<String, String> thresholds,
      Map<String, RuleEntry> rules) {}

  record RuleEntry(String severity, List<String> controls) {}

  static Profile parse(String origin, String yaml, Set<String> ruleIds) {
    ProfileFile file;
    try {
      file = YAML.readValue(yaml, ProfileFile.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          origin + ": not a valid profile: " + e.getOriginalMessage(), e);
    }
    if (file == null || file.name() == null || file.name().isBlank()) {
      throw new IllegalArgumentException(origin + ": 'name' is required");
    }
    Optional<Profile> base = Optional.empty();
    if (file.base() != null) {
      if (!BUILT_IN.contains(file.base())) {
        throw new IllegalArgumentException(
            origin + ": 'extends' must name a built-in profile: " + String.join(", ", BUILT_IN));
      }
      base = Optional.of(builtIn(file.base(), ruleIds));
    }
    Profile.Thresholds thresholds = thresholds(origin, file.thresholds(), base);
    Map<String, Profile.RuleSetting> rules =
        new LinkedHashMap<>(base.map(Profile::rules).orElse(Map.of()));
    if (file.rules() != null) {
      file.rules()
          .forEach(
              (id, entry) -> {
                if (!ruleIds.contains(id)) {
                  throw new IllegalArgumentException(
                      origin + ": rules." + id + ": no such rule (see docs/CHECK.md)");
                }
                rules.put(id, setting(origin, id, entry, rules.get(id)));
              });
    }
    return new Profile(
        file.name(),
        Optional.ofNullable(file.description()).orElse(base.map(Profile::description).orElse("")),
        Optional.ofNullable(file.production()).orElse(base.map(Profile::production).orElse(false)),
        thresholds,
        rules);
  }

  private static Profile.RuleSetting setting(
      String origin, String id, RuleEntry entry, Profile.RuleSetting previous) {
    if (entry == null) {
      throw new IllegalArgumentException(origin + ": rules." + id + ": give a severity");
    }
    Optional<Severity> severity;
    if (entry.severity() == null) {
      if (previous == null) {
        throw new IllegalArgumentException(origin + ": rules." + id + ".severity is required");
      }
      severity = previous.severity();
    } else if ("off".equalsIgnoreCase(entry.severity())) {
      severity = Optional.empty();
    } else {
      try {
        severity = Optional.of(Severity.parse(entry.severity()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            origin + ": rules." + id + ".severity: " + e.getMessage() + " (or off)");
      }
    }
    List<String> controls =
        entry.controls() != null
            ? entry.controls()
            : previous == null ? List.of() : previous.controls();
    return new Profile.RuleSetting(severity, controls);
  }

  private static Profile.Thresholds thresholds(
      String origin, Map<String, String> given, Optional<Profile> base) {
    Map<String, String> values = given == null ? Map.of() : given;
    for (String key : values.keySet()) {
      if (!Set.of("window", "maxRotationPeriod", "maxKeyAge", "unusedKeyAfter").contains(key)) {
        throw new IllegalArgumentException(
            origin
                + ": thresholds."
                + key
                + ": unknown; expected window, maxRotationPeriod, maxKeyAge, unusedKeyAfter");
      }
    }
    Optional<Profile.Thresholds> b = base.map(Profile::thresholds);
    return new Profile.Thresholds(
        duration(origin, "window", values, b.map(Profile.Thresholds::window)),
        duration(origin, "maxRotationPeriod", values, b.map(Profile.Thresholds::maxRotationPeriod)),
        duration(origin, "maxKeyAge", values, b.map(Profile.Thresholds::maxKeyAge)),
        duration(origin, "unusedKeyAfter", values, b.map(Profile.Thresholds::unusedKeyAfter)));
  }

  private static Duration duration(
      String origin, String key, Map<String, String> values, Optional<Duration> fallback) {
    String text = values.get(key);
    if (text == null) {
      return fallback.orElseThrow(
          () -> new IllegalArgumentException(origin + ": thresholds." + key + " is required"));
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": thresholds." + key + ": " + e.getMessage());
    }
  }
}
