package io.keygate.check.rules;

import io.keygate.check.Rule;

/** The id, name and description every rule carries. */
abstract class BaseRule implements Rule {
  private final String id;
  private final String name;
  private final String description;

  BaseRule(String id, String name, String description) {
    this.id = id;
    this.name = name;
    this.description = description;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }
}
