package io.keygate.vault;

import static io.keygate.vault.Fixtures.assertFails;
import static io.keygate.vault.Fixtures.canary;
import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Per-version attributes: enabled, not-before, expires, content type, tags; update. */
interface AttributesContract extends VaultFixture {

  @Test
  default void disabledVersion_isNotServed_butItsMetadataIsListed() {
    String version =
        vault()
            .setSecret(V, "off", SetSecretRequest.of(canary()).withEnabled(false))
            .properties()
            .version();

    assertFails(
        () -> get("off"),
        403,
        "SecretDisabled",
        "secret default/off version " + version + " is disabled");
    assertThat(vault().listVersions(V, "off", 25, Optional.empty()).items())
        .singleElement()
        .satisfies(p -> assertThat(p.enabled()).isFalse());
  }

  @Test
  default void versionOutsideItsValidityWindow_isNotServed() {
    SecretValue value = canary();
    String version =
        vault()
            .setSecret(
                V,
                "window",
                SetSecretRequest.of(value)
                    .withNotBefore(START.plusSeconds(60))
                    .withExpires(START.plusSeconds(120)))
            .properties()
            .version();
    String which = "secret default/window version " + version;

    assertFails(
        () -> get("window"),
        403,
        "SecretNotYetValid",
        which + " is not valid before 2026-01-01T00:01:00Z");
    clock().advance(Duration.ofSeconds(60));
    assertThat(get("window").value()).isEqualTo(value);
    clock().advance(Duration.ofSeconds(60));
    assertFails(
        () -> get("window"), 403, "SecretExpired", which + " expired at 2026-01-01T00:02:00Z");
  }

  @Test
  default void update_changesOnlyTheGivenAttributes_andNeverTheValue() {
    SecretValue value = canary();
    SecretProperties before =
        vault()
            .setSecret(
                V,
                "conf",
                SetSecretRequest.of(value)
                    .withContentType("text/plain")
                    .withTags(Map.of("team", "a")))
            .properties();
    clock().advance(Duration.ofSeconds(30));

    SecretProperties after =
        vault()
            .updateSecret(
                V,
                "conf",
                Optional.empty(),
                UpdateSecretRequest.none().withExpires(START.plusSeconds(3600)));

    assertThat(after.expires()).contains(START.plusSeconds(3600));
    assertThat(after.contentType()).contains("text/plain");
    assertThat(after.tags()).isEqualTo(Map.of("team", "a"));
    assertThat(after.created()).isEqualTo(before.created());
    assertThat(after.updated()).isEqualTo(START.plusSeconds(30));
    assertThat(after.version()).isEqualTo(before.version());
    assertThat(get("conf").value()).isEqualTo(value);
    assertThat(get("conf").properties()).isEqualTo(after);
  }

  @Test
  default void update_reenablesADisabledOlderVersion_byName() {
    SecretValue old = canary();
    String v1 =
        vault()
            .setSecret(V, "svc", SetSecretRequest.of(old).withEnabled(false))
            .properties()
            .version();
    set("svc", canary());

    vault()
        .updateSecret(
            V,
            "svc",
            Optional.of(v1),
            UpdateSecretRequest.none().withEnabled(true).withTags(Map.of("restored", "yes")));

    SecretBundle read = vault().getSecret(V, "svc", Optional.of(v1));
    assertThat(read.value()).isEqualTo(old);
    assertThat(read.properties().tags()).isEqualTo(Map.of("restored", "yes"));
  }

  @Test
  default void badAttributes_areBadParameter() {
    Map<String, String> sixteen = new HashMap<>();
    for (int i = 0; i < 16; i++) {
      sixteen.put("t" + i, "v");
    }
    assertFails(
        () -> vault().setSecret(V, "tags", SetSecretRequest.of(canary()).withTags(sixteen)),
        400,
        "BadParameter",
        "at most 15 tags are allowed, got 16");
    assertFails(
        () ->
            vault()
                .setSecret(
                    V,
                    "tags",
                    SetSecretRequest.of(canary()).withTags(Map.of("k", "v".repeat(257)))),
        400,
        "BadParameter",
        "tag 'k' has a value longer than 256 characters");
    assertFails(
        () ->
            vault()
                .setSecret(
                    V,
                    "window",
                    SetSecretRequest.of(canary()).withNotBefore(START).withExpires(START)),
        400,
        "BadParameter",
        "not-before (2026-01-01T00:00:00Z) must be earlier than expires (2026-01-01T00:00:00Z)");
    set("window", canary());
    vault()
        .updateSecret(
            V,
            "window",
            Optional.empty(),
            UpdateSecretRequest.none().withExpires(START.plusSeconds(10)));
    assertFails(
        () ->
            vault()
                .updateSecret(
                    V,
                    "window",
                    Optional.empty(),
                    UpdateSecretRequest.none().withNotBefore(START.plusSeconds(20))),
        400,
        "BadParameter",
        "not-before (2026-01-01T00:00:20Z) must be earlier than expires (2026-01-01T00:00:10Z)");
  }
}
