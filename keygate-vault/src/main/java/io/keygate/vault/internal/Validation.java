package io.keygate.vault.internal;

import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultException.BadParameter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks of caller input; every failure is a 400 {@code BadParameter} saying what is wrong. */
final class Validation {
  static final int MAX_TAGS = 15;
  static final int MAX_TAG_NAME = 256;
  static final int MAX_TAG_VALUE = 256;
  static final int MAX_CONTENT_TYPE = 255;
  private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
  private static final Pattern VERSION = Pattern.compile("[0-9a-f]{32}");

  private Validation() {}

  static void vaultName(String vault) {
    if (vault == null || !NAME.matcher(vault).matches()) {
      throw new BadParameter(
          "vault name "
              + quoted(vault)
              + " is invalid: use 1 to 127 characters of 0-9, a-z, A-Z, -");
    }
  }

  static void secretName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new BadParameter(
          "secret name "
              + quoted(name)
              + " is invalid: use 1 to 127 characters of 0-9, a-z, A-Z, -");
    }
  }

  static void version(String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new BadParameter(
          "secret version "
              + quoted(version)
              + " is invalid: a version is 32 lowercase hex characters");
    }
  }

  static void maxResults(int maxResults) {
    if (maxResults < 1 || maxResults > SecretVault.MAX_PAGE_SIZE) {
      throw new BadParameter(
          "maxresults must be between 1 and " + SecretVault.MAX_PAGE_SIZE + ", was " + maxResults);
    }
  }

  static void valueSize(int length, int limit) {
    if (length > limit) {
      String readable = limit % 1024 == 0 ? " (" + limit / 1024 + " KiB)" : "";
      throw new BadParameter(
          "secret value is " + length + " bytes; the limit is " + limit + " bytes" + readable);
    }
  }

  static void validity(Optional<Instant> notBefore, Optional<Instant> expires) {
    if (notBefore.isPresent() && expires.isPresent() && !notBefore.get().isBefore(expires.get())) {
      throw new BadParameter(
          "not-before ("
              + notBefore.get()
              + ") must be earlier than expires ("
              + expires.get()
              + ")");
    }
  }

  static void contentType(Optional<String> contentType) {
    if (contentType.isPresent() && contentType.get().length() > MAX_CONTENT_TYPE) {
      throw new BadParameter("content type is longer than " + MAX_CONTENT_TYPE + " characters");
    }
  }

  static void tags(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw new BadParameter("at most " + MAX_TAGS + " tags are allowed, got " + tags.size());
    }
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (tag.getKey().isEmpty() || tag.getKey().length() > MAX_TAG_NAME) {
        throw new BadParameter("tag names must have 1 to " + MAX_TAG_NAME + " characters");
      }
      if (tag.getValue() == null || tag.getValue().length() > MAX_TAG_VALUE) {
        throw new BadParameter(
            "tag "
                + quoted(tag.getKey())
                + " has a value longer than "
                + MAX_TAG_VALUE
                + " characters");
      }
    }
  }

  /** Quotes caller input for a message, cut short so a huge input does not make a huge message. */
  private static String quoted(String input) {
    if (input == null) {
      return "(missing)";
    }
    String shown = input.length() > 140 ? input.substring(0, 140) + "..." : input;
    return "'" + shown + "'";
  }
}
