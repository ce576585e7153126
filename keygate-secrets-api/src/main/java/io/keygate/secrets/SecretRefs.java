package io.keygate.secrets;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses secret references: {@code [scheme://]vault/name[#version][#/json/pointer]}, the text
 * inside {@code ${secret:...}}. The embedded vault is the default source; {@code keygate://}
 * (remote Keygate vault) and {@code azure://} take the same {@code vault/name} form, {@code
 * hashicorp://mount/path/to/secret} a KV v2 path, {@code env://NAME} a variable and {@code
 * file:///absolute/path} a file. Parsing only: whether a source is configured is decided later.
 *
 * <p>A bad reference is an {@link IllegalArgumentException} whose message quotes the reference and
 * says what is wrong. References hold no values, so quoting them is safe.
 */
public final class SecretRefs {
  /** Source schemes a reference may name. */
  public static final Set<String> SCHEMES =
      Set.of(SecretRef.EMBEDDED, "keygate", "azure", "hashicorp", "env", "file");

  private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
  private static final Pattern HEX_VERSION = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern NUMBER_VERSION = Pattern.compile("[1-9][0-9]{0,18}");
  private static final Pattern PATH_SEGMENT = Pattern.compile("[0-9a-zA-Z._-]{1,255}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
  private static final Pattern POINTER = Pattern.compile("(/([^~/]|~[01])*)+");

  private SecretRefs() {}

  /** Parses one reference; see the class comment for the forms. */
  public static SecretRef parse(String reference) {
    if (reference == null || reference.isEmpty()) {
      throw new IllegalArgumentException("secret reference is empty");
    }
    if (reference.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ' ')) {
      throw bad(reference, "contains a space or a control character");
    }
    String source = SecretRef.EMBEDDED;
    String rest = reference;
    int schemeEnd = reference.indexOf("://");
    if (schemeEnd >= 0) {
      source = reference.substring(0, schemeEnd);
      rest = reference.substring(schemeEnd + 3);
      if (!SCHEMES.contains(source)) {
        throw bad(
            reference,
            "has unknown source '"
                + source
                + "'; use one of azure, hashicorp, keygate, env, file (or none for the embedded"
                + " vault)");
      }
    }
    String address = rest;
    Optional<String> version = Optional.empty();
    Optional<String> field = Optional.empty();
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      address = rest.substring(0, hash);
      String fragment = rest.substring(hash + 1);
      if (!fragment.startsWith("/")) {
        int next = fragment.indexOf('#');
        version = Optional.of(next < 0 ? fragment : fragment.substring(0, next));
        fragment = next < 0 ? null : fragment.substring(next + 1);
      }
      if (fragment != null) {
        if (!fragment.startsWith("/")) {
          throw bad(reference, "has a second '#' that does not start a JSON pointer ('#/field')");
        }
        if (!POINTER.matcher(fragment).matches()) {
          throw bad(
              reference,
              "has an invalid JSON pointer '"
                  + fragment
                  + "': '~' must be followed by 0 or 1 (RFC 6901)");
        }
        field = Optional.of(fragment);
      }
    }
    return switch (source) {
      case "env" -> environment(reference, address, version, field);
      case "file" -> file(reference, address, version, field);
      case "hashicorp" -> hashicorp(reference, address, version, field);
      default -> vaultAndName(reference, source, address, version, field);
    };
  }

  private static SecretRef vaultAndName(
      String reference,
      String source,
      String address,
      Optional<String> version,
      Optional<String> field) {
    int slash = address.indexOf('/');
    if (slash < 0) {
      throw bad(reference, "needs the form vault/name (e.g. payments/upstream-token)");
    }
    String vault = address.substring(0, slash);
    String name = address.substring(slash + 1);
    if (!NAME.matcher(vault).matches()) {
      throw bad(
          reference, "has an invalid vault name '" + vault + "': use 1 to 127 of 0-9, a-z, A-Z, -");
    }
    if (!NAME.matcher(name).matches()) {
      throw bad(
          reference, "has an invalid secret name '" + name + "': use 1 to 127 of 0-9, a-z, A-Z, -");
    }
    if (version.isPresent() && !HEX_VERSION.matcher(version.get()).matches()) {
      throw bad(
          reference,
          "has an invalid version '"
              + version.get()
              + "': a version is 32 lowercase hex characters");
    }
    return new SecretRef(source, vault, name, version, field);
  }

  private static SecretRef hashicorp(
      String reference, String address, Optional<String> version, Optional<String> field) {
    String[] segments = address.split("/", -1);
    if (segments.length < 2) {
      throw bad(reference, "needs the form hashicorp://mount/path/to/secret");
    }
    for (String segment : segments) {
      if (!PATH_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw bad(
            reference,
            "has an invalid path segment '" + segment + "': use 0-9, a-z, A-Z, '.', '_', '-'");
      }
    }
    if (version.isPresent() && !NUMBER_VERSION.matcher(version.get()).matches()) {
      throw bad(
          reference,
          "has an invalid version '" + version.get() + "': a KV v2 version is a positive number");
    }
    return new SecretRef(
        "hashicorp", segments[0], address.substring(segments[0].length() + 1), version, field);
  }

  private static SecretRef environment(
      String reference, String address, Optional<String> version, Optional<String> field) {
    if (!ENV_NAME.matcher(address).matches()) {
      throw bad(
          reference, "needs an environment variable name (letters, digits, '_'), e.g. env://TOKEN");
    }
    noVersion(reference, version);
    return new SecretRef("env", "", address, Optional.empty(), field);
  }

  private static SecretRef file(
      String reference, String address, Optional<String> version, Optional<String> field) {
    if (!address.startsWith("/") || address.length() < 2) {
      throw bad(reference, "needs an absolute path, e.g. file:///run/secrets/token");
    }
    for (String segment : address.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw bad(reference, "has an empty, '.' or '..' path segment");
      }
    }
    noVersion(reference, version);
    return new SecretRef("file", "", address, Optional.empty(), field);
  }

  private static void noVersion(String reference, Optional<String> version) {
    if (version.isPresent()) {
      throw bad(reference, "pins a version, but this source has no versions");
    }
  }

  private static IllegalArgumentException bad(String reference, String problem) {
    String shown = reference.length() > 200 ? reference.substring(0, 200) + "..." : reference;
    return new IllegalArgumentException("secret reference '" + shown + "' " + problem);
  }
}
