package io.keygate.vault.rotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.rotation.LifetimeAction.Action;
import io.keygate.vault.rotation.LifetimeAction.Trigger;
import io.keygate.vault.rotation.generators.Generators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes rotation policies as JSON, Azure Key Vault's shape plus Keygate's fields:
 *
 * <pre>{@code
 * {"lifetimeActions": [{"trigger": {"timeAfterCreate": "P60D"}, "action": {"type": "Rotate"}},
 *                      {"trigger": {"timeBeforeExpiry": "P10D"}, "action": {"type": "Notify"}}],
 *  "attributes": {"expiryTime": "P90D"},
 *  "overlap": "P1D",
 *  "generator": {"type": "random", "length": 32}}
 * }</pre>
 *
 * <p>Every problem is a 400 {@code BadParameter} that names the field and says what is wrong.
 */
public final class RotationPolicyJson {
  /** Used when a policy gives no overlap. */
  public static final Duration DEFAULT_OVERLAP = Duration.ofDays(1);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOP =
      Set.of("lifetimeActions", "attributes", "overlap", "generator");

  private RotationPolicyJson() {}

  /** Parses and validates a policy. */
  public static RotationPolicy parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BadParameter("rotation policy is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new BadParameter("rotation policy must be a JSON object");
    }
    onlyFields("rotation policy", root, TOP);
    Optional<Duration> expiry = Optional.empty();
    JsonNode attributes = root.get("attributes");
    if (attributes != null && !attributes.isNull()) {
      requireObject("attributes", attributes);
      onlyFields("attributes", attributes, Set.of("expiryTime"));
      if (attributes.hasNonNull("expiryTime")) {
        expiry =
            Optional.of(
                IsoDurations.parse(
                    "attributes.expiryTime",
                    text("attributes.expiryTime", attributes.get("expiryTime"))));
      }
    }
    Duration overlap =
        root.hasNonNull("overlap")
            ? IsoDurations.parseAllowingZero("overlap", text("overlap", root.get("overlap")))
            : DEFAULT_OVERLAP;
    List<LifetimeAction> actions = actions(root.get("lifetimeActions"));
    Optional<GeneratorSpec> generator = Optional.empty();
    if (root.hasNonNull("generator")) {
      generator = Optional.of(generator(root.get("generator")));
    }
    RotationPolicy policy = new RotationPolicy(actions, expiry, overlap, generator);
    check(policy);
    return policy;
  }

  /** The policy as JSON, durations in canonical form. */
  public static String format(RotationPolicy policy) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode actions = root.putArray("lifetimeActions");
    for (LifetimeAction action : policy.lifetimeActions()) {
      ObjectNode item = actions.addObject();
      item.putObject("trigger")
          .put(action.trigger().json(), IsoDurations.format(action.triggerAfter()));
      item.putObject("action").put("type", action.action().json());
    }
    ObjectNode attributes = root.putObject("attributes");
    policy.expiryTime().ifPresent(e -> attributes.put("expiryTime", IsoDurations.format(e)));
    root.put("overlap", IsoDurations.format(policy.overlap()));
    policy
        .generator()
        .ifPresent(
            spec -> {
              ObjectNode generator = root.putObject("generator");
              generator.put("type", spec.type());
              spec.parameters().forEach((k, v) -> generator.set(k, JSON.valueToTree(v)));
              if (!spec.credentials().isEmpty()) {
                ArrayNode credentials = generator.putArray("credentials");
                spec.credentials().forEach(credentials::add);
              }
            });
    return root.toString();
  }

  private static List<LifetimeAction> actions(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new BadParameter("lifetimeActions must be an array");
    }
    List<LifetimeAction> actions = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String where = "lifetimeActions[" + i + "]";
      JsonNode item = node.get(i);
      requireObject(where, item);
      onlyFields(where, item, Set.of("trigger", "action"));
      JsonNode trigger = item.get("trigger");
      requireObject(where + ".trigger", trigger);
      onlyFields(where + ".trigger", trigger, Set.of("timeAfterCreate", "timeBeforeExpiry"));
      boolean afterCreate = trigger.hasNonNull("timeAfterCreate");
      boolean beforeExpiry = trigger.hasNonNull("timeBeforeExpiry");
      if (afterCreate == beforeExpiry) {
        throw new BadParameter(
            where + ".trigger must have exactly one of timeAfterCreate and timeBeforeExpiry");
      }
      Trigger kind = afterCreate ? Trigger.TIME_AFTER_CREATE : Trigger.TIME_BEFORE_EXPIRY;
      String field = where + ".trigger." + kind.json();
      Duration after = IsoDurations.parse(field, text(field, trigger.get(kind.json())));
      JsonNode action = item.get("action");
      requireObject(where + ".action", action);
      onlyFields(where + ".action", action, Set.of("type"));
      String type = text(where + ".action.type", action.get("type"));
      Action kindOfAction =
          switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "rotate" -> Action.ROTATE;
            case "notify" -> Action.NOTIFY;
            default ->
                throw new BadParameter(
                    where + ".action.type \"" + type + "\" is invalid: use Rotate or Notify");
          };
      actions.add(new LifetimeAction(kind, after, kindOfAction));
    }
    return actions;
  }

  private static GeneratorSpec generator(JsonNode node) {
    requireObject("generator", node);
    String type = text("generator.type", node.get("type"));
    Map<String, Object> parameters = new LinkedHashMap<>();
    List<String> credentials = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "type" -> {}
        case "credentials" -> {
          if (!value.isArray()) {
            throw new BadParameter("generator.credentials must be an array of two names");
          }
          value.forEach(c -> credentials.add(text("generator.credentials[]", c)));
        }
        default -> {
          if (value.isTextual()) {
            parameters.put(field.getKey(), value.asText());
          } else if (value.isIntegralNumber()) {
            parameters.put(field.getKey(), value.asLong());
          } else if (value.isBoolean()) {
            parameters.put(field.getKey(), value.asBoolean());
          } else {
            throw new BadParameter(
                "generator." + field.getKey() + " must be a string, a whole number or a boolean");
          }
        }
      }
    }
    GeneratorSpec spec = new GeneratorSpec(type, parameters, credentials);
    Generators.validate(spec);
    return spec;
  }

  private static void check(RotationPolicy policy) {
    long rotates = policy.rotateActions().size();
    if (rotates > 1) {
      throw new BadParameter("lifetimeActions may hold at most one Rotate action");
    }
    if (policy.lifetimeActions().size() - rotates > 1) {
      throw new BadParameter("lifetimeActions may hold at most one Notify action");
    }
    if (rotates == 1 && policy.generator().isEmpty()) {
      throw new BadParameter("a Rotate action needs a generator");
    }
    if (policy.expiryTime().isEmpty()) {
      return;
    }
    Duration expiry = policy.expiryTime().get();
    String shown = IsoDurations.format(expiry);
    for (LifetimeAction action : policy.lifetimeActions()) {
      String when = IsoDurations.format(action.triggerAfter());
      if (action.trigger() == Trigger.TIME_AFTER_CREATE
          && action.triggerAfter().compareTo(expiry) >= 0) {
        throw new BadParameter(
            action.action().json()
                + " at timeAfterCreate "
                + when
                + " comes at or after expiry (attributes.expiryTime "
                + shown
                + ")");
      }
      if (action.trigger() == Trigger.TIME_BEFORE_EXPIRY
          && action.triggerAfter().compareTo(expiry) >= 0) {
        throw new BadParameter(
            action.action().json()
                + " at timeBeforeExpiry "
                + when
                + " is not shorter than attributes.expiryTime "
                + shown);
      }
    }
  }

  private static void onlyFields(String where, JsonNode node, Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new BadParameter(
            where
                + ": unknown field \""
                + name
                + "\" (allowed: "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + ")");
      }
    }
  }

  private static void requireObject(String where, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new BadParameter(where + " must be a JSON object");
    }
  }

  private static String text(String where, JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new BadParameter(where + " must be a string");
    }
    return node.asText();
  }
}
