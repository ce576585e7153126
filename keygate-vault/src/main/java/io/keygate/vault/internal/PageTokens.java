package io.keygate.vault.internal;

import io.keygate.vault.Page;
import io.keygate.vault.VaultException.BadParameter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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

  /**
   * A page from {@code rows}, fetched with one row more than {@code maxResults}: that extra row
   * only tells that there is a next page, whose token names the last row's cursor.
   */
  static <R, T> Page<T> page(
      String listing,
      List<R> rows,
      int maxResults,
      Function<R, T> item,
      Function<R, String> cursor) {
    List<R> kept = rows.subList(0, Math.min(rows.size(), maxResults));
    Optional<String> next =
        rows.size() > maxResults
            ? Optional.of(encode(listing, cursor.apply(kept.getLast())))
            : Optional.empty();
    return new Page<>(kept.stream().map(item).toList(), next);
  }

  private static BadParameter invalid() {
    return new BadParameter("continuation token is invalid or belongs to another listing");
  }
}
