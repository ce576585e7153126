package io.keygate.secrets;

import java.util.Objects;
import java.util.Optional;

/**
 * A reference to a secret, as written in an API definition: {@code [source://]vault/name[#version]
 * [#/json/pointer]}. The embedded vault is the default source. A reference holds no value.
 *
 * @param source the source scheme ({@code embedded}, {@code azure}, {@code hashicorp}, {@code
 *     keygate}, {@code env}, {@code file})
 * @param vault the vault (namespace) within the source
 * @param name the secret's name
 * @param version a pinned version, or empty for the current one
 * @param field a JSON pointer into a JSON secret, or empty for the whole value
 */
public record SecretRef(
    String source, String vault, String name, Optional<String> version, Optional<String> field) {
  public static final String EMBEDDED = "embedded";

  public SecretRef {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(field, "field");
  }

  /** A reference to the current version of a secret in the embedded vault. */
  public static SecretRef of(String vault, String name) {
    return new SecretRef(EMBEDDED, vault, name, Optional.empty(), Optional.empty());
  }

  public SecretRef withVersion(String pinned) {
    return new SecretRef(source, vault, name, Optional.of(pinned), field);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (!EMBEDDED.equals(source)) {
      text.append(source).append("://");
    }
    if (!vault.isEmpty()) {
      text.append(vault).append('/');
    }
    text.append(name);
    version.ifPresent(v -> text.append('#').append(v));
    field.ifPresent(f -> text.append('#').append(f));
    return text.toString();
  }
}
