package io.keygate.vault.internal;

import io.keygate.vault.VaultException.BadParameter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque continuation tokens: the listing they belong to and where the last page stopped,
 * base64url-encoded. A token from another listing is refused.
 */
final class PageTokens {
  private PageTokens() {}

  static String encode(String listing, String cursor) {
    String text = listing + "\n" + cursor;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code token}, or {@code start} when there is no token. */
  static String decode(String listing, Optional<String> token, String start) {
    if (token.isEmpty() || token.get().isEmpty()) {
      return start;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    int newline = text.indexOf('\n');
    if (newline < 0 || !text.substring(0, newline).equals(listing)) {
      throw invalid();
    }
    return text.substring(newline + 1);
  }

  private static BadParameter invalid() {
    return new BadParameter("continuation token is invalid or belongs to another listing");
  }
}
