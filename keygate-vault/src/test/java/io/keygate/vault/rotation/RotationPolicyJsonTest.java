package io.keygate.vault.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.vault.VaultException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RotationPolicyJsonTest {
  private static final String GOOD =
      """
      {"lifetimeActions": [{"trigger": {"timeAfterCreate": "P60D"}, "action": {"type": "Rotate"}},
                           {"trigger": {"timeBeforeExpiry": "P10D"}, "action": {"type": "Notify"}}],
       "attributes": {"expiryTime": "P90D"},
       "overlap": "PT12H",
       "generator": {"type": "random", "length": 40, "prefix": "db_"}}
      """;

  @Test
  void azureShapedPolicy_isReadAndWrittenBackInCanonicalForm() {
    RotationPolicy policy = RotationPolicyJson.parse(GOOD);
    assertThat(policy.expiryTime()).contains(Duration.ofDays(90));
    assertThat(policy.overlap()).isEqualTo(Duration.ofHours(12));
    assertThat(policy.notifyBeforeExpiry()).contains(Duration.ofDays(10));
    assertThat(policy.generator().orElseThrow().parameters())
        .containsEntry("length", 40L)
        .containsEntry("prefix", "db_");
    assertThat(RotationPolicyJson.format(policy))
        .isEqualTo(
            "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P60D\"},\"action\":{\"type\":\"Rotate\"}},"
                + "{\"trigger\":{\"timeBeforeExpiry\":\"P10D\"},\"action\":{\"type\":\"Notify\"}}],"
                + "\"attributes\":{\"expiryTime\":\"P90D\"},\"overlap\":\"PT12H\","
                + "\"generator\":{\"type\":\"random\",\"length\":40,\"prefix\":\"db_\"}}");
    assertThat(RotationPolicyJson.parse(RotationPolicyJson.format(policy))).isEqualTo(policy);
  }

  @Test
  void yearsAndMonths_countAs365And30Days() {
    assertThat(IsoDurations.parse("x", "P1Y")).isEqualTo(Duration.ofDays(365));
    assertThat(IsoDurations.parse("x", "P2M")).isEqualTo(Duration.ofDays(60));
    assertThat(IsoDurations.parse("x", "P1DT6H")).isEqualTo(Duration.ofHours(30));
  }

  @Test
  void invalidDuration_isABadParameterNamingTheField() {
    fails(
        GOOD.replace("\"P60D\"", "\"60 days\""),
        "lifetimeActions[0].trigger.timeAfterCreate \"60 days\" is not an ISO-8601 duration (for"
            + " example P90D, P1Y, PT12H)");
    fails(
        GOOD.replace("\"P90D\"", "\"P0D\""),
        "attributes.expiryTime must be a positive duration, was \"P0D\"");
    fails(
        GOOD.replace("\"PT12H\"", "\"-PT1H\""),
        "overlap \"-PT1H\" is not an ISO-8601 duration (for example P90D, P1Y, PT12H)");
  }

  @Test
  void notifyAfterExpiry_isRefused() {
    fails(
        GOOD.replace("\"timeBeforeExpiry\": \"P10D\"", "\"timeAfterCreate\": \"P100D\""),
        "Notify at timeAfterCreate P100D comes at or after expiry (attributes.expiryTime P90D)");
    fails(
        GOOD.replace("\"P10D\"", "\"P120D\""),
        "Notify at timeBeforeExpiry P120D is not shorter than attributes.expiryTime P90D");
  }

  @Test
  void rotateWithoutGenerator_andUnknownFields_areRefused() {
    fails(
        "{\"lifetimeActions\": [{\"trigger\": {\"timeAfterCreate\": \"P1D\"}, \"action\": {\"type\": \"Rotate\"}}]}",
        "a Rotate action needs a generator");
    fails(
        "{\"overlapp\": \"P1D\"}",
        "rotation policy: unknown field \"overlapp\" (allowed: attributes, generator, lifetimeActions, overlap)");
    fails(
        "{\"lifetimeActions\": [{\"trigger\": {}, \"action\": {\"type\": \"Notify\"}}]}",
        "lifetimeActions[0].trigger must have exactly one of timeAfterCreate and timeBeforeExpiry");
    fails(
        "{\"lifetimeActions\": [{\"trigger\": {\"timeAfterCreate\": \"P1D\"}, \"action\": {\"type\": \"Delete\"}}]}",
        "lifetimeActions[0].action.type \"Delete\" is invalid: use Rotate or Notify");
    fails("[1]", "rotation policy must be a JSON object");
    fails("{", "rotation policy is not valid JSON");
  }

  @Test
  void impossibleGeneratorParameters_areRefused() {
    fails(
        generator("{\"type\": \"random\", \"length\": 4}"),
        "generator random: length must be between 8 and 4096, was 4");
    fails(
        generator("{\"type\": \"random\", \"length\": 10, \"alphabet\": \"01\"}"),
        "generator random: length 10 over this alphabet gives 10 bits of entropy; at least 64 are needed");
    fails(
        generator("{\"type\": \"random\", \"bytes\": 32, \"length\": 10}"),
        "generator random: give either bytes, or length and alphabet");
    fails(
        generator("{\"type\": \"apikey\", \"prefix\": \"sk live\"}"),
        "generator apikey: prefix must be 1 to 32 characters of A-Z, a-z, 0-9, _ and -");
    fails(
        generator("{\"type\": \"keypair\", \"algorithm\": \"RSA\", \"size\": 1024}"),
        "generator keypair: RSA size must be 2048, 3072 or 4096");
    fails(
        generator("{\"type\": \"keypair\", \"curve\": \"secp256k1\"}"),
        "generator keypair: EC curve must be P-256, P-384 or P-521");
    fails(
        generator(
            "{\"type\": \"postgres-password\", \"jdbcUrl\": \"jdbc:postgresql://db/x\", \"adminUser\": \"a\", \"adminPassword\": \"pg-admin\", \"role\": \"app\", \"credentials\": [\"a\", \"b\"]}"),
        "generator postgres-password: give either role, or credentials with two roles");
    fails(
        generator("{\"type\": \"random\", \"credentials\": [\"a\", \"a\"]}"),
        "generator.credentials must name exactly two different credentials");
    fails(
        generator("{\"type\": \"magic\"}"),
        "generator type \"magic\" is invalid: use random, apikey, keypair, postgres-password or webhook");
  }

  @Test
  void webhookUrl_mustBeHttps_exceptLoopbackWithTheExplicitFlag() {
    fails(
        generator(
            "{\"type\": \"webhook\", \"url\": \"http://rotator.example.com/x\", \"hmacKey\": \"k\"}"),
        "generator webhook: url must use https (http is allowed for loopback only with allowInsecureLoopback)");
    fails(
        generator(
            "{\"type\": \"webhook\", \"url\": \"http://rotator.example.com/x\", \"hmacKey\": \"k\", \"allowInsecureLoopback\": true}"),
        "generator webhook: http is allowed for loopback addresses only");
    RotationPolicy loopback =
        RotationPolicyJson.parse(
            generator(
                "{\"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/x\", \"hmacKey\": \"k\", \"allowInsecureLoopback\": true}"));
    assertThat(loopback.generator()).isPresent();
  }

  private static String generator(String spec) {
    return "{\"generator\": " + spec + "}";
  }

  private static void fails(String json, String message) {
    assertThatThrownBy(() -> RotationPolicyJson.parse(json))
        .isInstanceOf(VaultException.BadParameter.class)
        .hasMessage(message);
  }
}
