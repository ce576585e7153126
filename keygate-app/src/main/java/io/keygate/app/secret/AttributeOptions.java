package io.keygate.app.secret;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.cli.CliFailure;
import io.keygate.app.cli.TimeArgument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The attribute flags of {@code set} and {@code update}. */
final class AttributeOptions {
  @Option(
      names = "--expires",
      paramLabel = "TIME",
      description = "Not served from then on: RFC 3339 (2026-12-31T23:59:59Z) or a duration (30d).")
  String expires;

  @Option(
      names = "--not-before",
      paramLabel = "TIME",
      description = "Not served before then: RFC 3339 or a duration from now (12h).")
  String notBefore;

  @Option(
      names = "--enabled",
      arity = "1",
      paramLabel = "true|false",
      description = "Whether the version may be served.")
  Boolean enabled;

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description = "A hint about the value, such as text/plain.")
  String contentType;

  @Option(
      names = "--tag",
      paramLabel = "KEY=VALUE",
      description = "A tag; repeat for more. On update, the tags given replace all tags.")
  List<String> tags = new ArrayList<>();

  boolean any() {
    return expires != null
        || notBefore != null
        || enabled != null
        || contentType != null
        || !tags.isEmpty();
  }

  /** Writes the given flags into a request body. */
  void writeTo(ObjectNode body) {
    Instant now = Instant.now();
    if (contentType != null) {
      body.put("contentType", contentType);
    }
    if (!tags.isEmpty()) {
      ObjectNode json = body.putObject("tags");
      for (String tag : tags) {
        int equals = tag.indexOf('=');
        if (equals <= 0) {
          throw CliFailure.usage("--tag must be KEY=VALUE; got '" + tag + "'");
        }
        json.put(tag.substring(0, equals), tag.substring(equals + 1));
      }
    }
    if (enabled != null || expires != null || notBefore != null) {
      ObjectNode attributes = body.putObject("attributes");
      if (enabled != null) {
        attributes.put("enabled", enabled);
      }
      if (notBefore != null) {
        attributes.put("nbf", TimeArgument.parse("--not-before", notBefore, now).getEpochSecond());
      }
      if (expires != null) {
        attributes.put("exp", TimeArgument.parse("--expires", expires, now).getEpochSecond());
      }
    }
  }
}
