package io.keygate.check.rules;

import io.keygate.check.CheckContext;
import io.keygate.check.Hit;
import java.util.List;

/** KG000: a definition the gateway would refuse to load. */
final class InvalidDefinition extends BaseRule {
  InvalidDefinition() {
    super("KG000", "invalid-definition", "An API or policy file the gateway would refuse to load.");
  }

  @Override
  public List<Hit> check(CheckContext context) {
    return context.inputs().invalid();
  }
}
