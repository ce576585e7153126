package io.keygate.check;

import io.keygate.gateway.config.ApiDefinition;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds the secret references in an API's {@code inject} values, with the gateway's parser. */
final class References {
  private static final String OPEN = "${secret:";

  private References() {}

  static void collect(ApiFile file, List<ReferenceSite> into, List<Hit> invalid) {
    ApiDefinition api = file.api();
    if (api.inject() == null) {
      return;
    }
    for (int i = 0; i < api.inject().size(); i++) {
      ApiDefinition.Inject inject = api.inject().get(i);
      boolean certificate = inject.clientCertificate() != null;
      String value = certificate ? inject.clientCertificate() : inject.value();
      if (value == null) {
        continue;
      }
      Location at =
          file.document().at("/inject/" + i + (certificate ? "/clientCertificate" : "/value"));
      ReferenceSite.Use use =
          certificate ? ReferenceSite.Use.CLIENT_CERTIFICATE : ReferenceSite.Use.VALUE;
      SecretTemplate template;
      try {
        template = SecretTemplate.parse(value);
      } catch (IllegalArgumentException e) {
        invalid.add(new Hit(at, "inject value is not a valid template: " + withoutText(e)));
        continue;
      }
      List<String> texts = texts(value);
      Map<String, Object> standIns = new HashMap<>();
      template.claims().forEach(c -> standIns.put(c, "claim"));
      List<SecretRef> refs = template.refs(standIns);
      for (int r = 0; r < refs.size() && r < texts.size(); r++) {
        String text = texts.get(r);
        Set<String> claims = claimsIn(text);
        into.add(
            new ReferenceSite(at, api.name(), text, Optional.of(refs.get(r)), claims, file, use));
      }
    }
  }

  /**
   * The template parser's message without the template text: a value that fails to parse may be a
   * pasted credential, and reports must not echo it.
   */
  private static String withoutText(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf("' at position ");
    if (message.startsWith("template '") && at > 0) {
      return message.substring(at + 2);
    }
    return message;
  }

  /** The text inside each {@code ${secret:...}}, in order; claim placeholders are kept. */
  static List<String> texts(String value) {
    List<String> texts = new ArrayList<>();
    int from = 0;
    while (true) {
      int start = value.indexOf(OPEN, from);
      if (start < 0) {
        return texts;
      }
      int at = start + OPEN.length();
      int depth = 0;
      while (at < value.length()) {
        char c = value.charAt(at);
        if (c == '$' && value.startsWith("${", at)) {
          depth++;
        } else if (c == '}') {
          if (depth == 0) {
            break;
          }
          depth--;
        }
        at++;
      }
      texts.add(value.substring(start + OPEN.length(), Math.min(at, value.length())));
      from = at + 1;
    }
  }

  private static Set<String> claimsIn(String text) {
    Set<String> claims = new LinkedHashSet<>();
    int from = 0;
    while (true) {
      int start = text.indexOf("${claim.", from);
      if (start < 0) {
        return claims;
      }
      int end = text.indexOf('}', start);
      claims.add(text.substring(start + "${claim.".length(), end));
      from = end + 1;
    }
  }
}
