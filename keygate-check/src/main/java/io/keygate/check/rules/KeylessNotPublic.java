package io.keygate.check.rules;

import io.keygate.check.ApiFile;
import io.keygate.check.CheckContext;
import io.keygate.check.Hit;
import java.util.ArrayList;
import java.util.List;

/** KG051: an API with {@code keyless: true} that does not also say {@code public: true}. */
final class KeylessNotPublic extends BaseRule {
  KeylessNotPublic() {
    super(
        "KG051",
        "keyless-api-not-marked-public",
        "A keyless API without an explicit 'public: true'.");
  }

  @Override
  public List<Hit> check(CheckContext context) {
    List<Hit> hits = new ArrayList<>();
    for (ApiFile file : context.inputs().apis()) {
      var auth = file.api().auth();
      if (auth != null
          && Boolean.TRUE.equals(auth.keyless())
          && !Boolean.TRUE.equals(file.api().isPublic())) {
        hits.add(
            new Hit(
                file.document().at("/auth/keyless"),
                "API '"
                    + file.api().name()
                    + "' accepts anyone (keyless: true): add 'public: true' if that is intended,"
                    + " else use apiKey or jwt"));
      }
    }
    return hits;
  }
}
