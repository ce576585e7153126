package io.keygate.check.rules;

import io.keygate.check.ApiFile;
import io.keygate.check.ApiKeyMetadata;
import io.keygate.check.CheckContext;
import io.keygate.check.Hit;
import io.keygate.check.Location;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * KG030-KG032: gateway API keys. Keys live in no file; findings point at the first API that accepts
 * API keys, so that SARIF viewers have a line to show.
 */
final class ApiKeyRules {
  private ApiKeyRules() {}

  private static Location anchor(CheckContext context) {
    for (ApiFile file : context.inputs().apis()) {
      if (file.api().auth() != null && file.api().auth().apiKey() != null) {
        return file.document().at("/auth/apiKey");
      }
    }
    return Location.NONE;
  }

  private static List<ApiKeyMetadata> live(CheckContext context) {
    return context.apiKeys().stream()
        .filter(k -> !k.revoked())
        .filter(k -> k.expires().map(context.now()::isBefore).orElse(true))
        .toList();
  }

  /** KG030. */
  static final class NoExpiry extends BaseRule {
    NoExpiry() {
      super("KG030", "api-key-no-expiry", "An active API key has no expiry date.");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      for (ApiKeyMetadata key : live(context)) {
        if (key.expires().isEmpty()) {
          hits.add(
              new Hit(
                  anchor(context),
                  "API key "
                      + key.label()
                      + " never expires: replace it with a key created with --expires-in and"
                      + " revoke this one"));
        }
      }
      return hits;
    }
  }

  /** KG031. */
  static final class TooOld extends BaseRule {
    TooOld() {
      super("KG031", "api-key-too-old", "An active API key is older than the profile's maxKeyAge.");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      Duration max = context.thresholds().maxKeyAge();
      for (ApiKeyMetadata key : live(context)) {
        Duration age = Duration.between(key.created(), context.now());
        if (age.compareTo(max) > 0) {
          hits.add(
              new Hit(
                  anchor(context),
                  "API key "
                      + key.label()
                      + " is "
                      + Sites.span(age)
                      + " old, more than the profile's maximum of "
                      + Sites.span(max)
                      + ": issue a new key to its consumer and revoke this one"));
        }
      }
      return hits;
    }
  }

  /** KG032. */
  static final class Unused extends BaseRule {
    Unused() {
      super(
          "KG032",
          "api-key-unused",
          "An active API key has not been used for longer than the profile's unusedKeyAfter.");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      Duration limit = context.thresholds().unusedKeyAfter();
      for (ApiKeyMetadata key : live(context)) {
        Instant since = key.lastUsed().orElse(key.created());
        Duration idle = Duration.between(since, context.now());
        if (idle.compareTo(limit) > 0) {
          hits.add(
              new Hit(
                  anchor(context),
                  "API key "
                      + key.label()
                      + (key.lastUsed().isPresent()
                          ? " was last used " + Sites.span(idle) + " ago"
                          : " has never been used in " + Sites.span(idle))
                      + ": revoke it if nobody needs it (`keygate key revoke "
                      + key.id()
                      + "`)"));
        }
      }
      return hits;
    }
  }
}
