package io.keygate.check;

import java.util.List;

/**
 * One check with a stable id. A rule only reports; the profile decides its severity (or turns it
 * off) and which controls it evidences. Rules read metadata only, never values.
 */
public interface Rule {
  /** The stable id, {@code KG001}...; documented in docs/CHECK.md and never reused. */
  String id();

  /** A short kebab-case name, e.g. {@code unresolved-reference}. */
  String name();

  /** One sentence: what the rule looks for. */
  String description();

  /** The problems found in {@code context}, in a stable order. */
  List<Hit> check(CheckContext context);
}
