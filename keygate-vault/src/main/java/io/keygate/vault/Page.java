package io.keygate.vault;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing. Pass {@code next} back to get the following page; it is opaque and empty
 * on the last page.
 */
public record Page<T>(List<T> items, Optional<String> next) {
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(next, "next");
  }
}
