package io.keygate.vault.server.internal.secrets;

import io.keygate.vault.Page;
import io.keygate.vault.SecretVault;
import io.keygate.vault.server.ApiError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Azure-style paging: {@code ?maxresults=N} (1 to 25, default 25) and {@code $skiptoken} in, a page
 * as {@code {"value":[...],"nextLink":url|null}} out.
 */
public record Paging(int maxResults, Optional<String> skipToken) {
  public static final String MAX_RESULTS = "maxresults";
  public static final String SKIP_TOKEN = "$skiptoken";

  public static Paging of(RoutingContext ctx) {
    int max = SecretVault.MAX_PAGE_SIZE;
    List<String> given = ctx.queryParam(MAX_RESULTS);
    if (!given.isEmpty()) {
      try {
        max = Integer.parseInt(given.get(0));
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 1 || max > SecretVault.MAX_PAGE_SIZE) {
        throw ApiError.badParameter(
            "maxresults must be a whole number from 1 to " + SecretVault.MAX_PAGE_SIZE);
      }
    }
    List<String> token = ctx.queryParam(SKIP_TOKEN);
    return new Paging(max, token.isEmpty() ? Optional.empty() : Optional.of(token.get(0)));
  }

  /** The page as JSON; {@code nextLink} repeats this request's path with the next token. */
  public <T> JsonObject toJson(
      RoutingContext ctx, String base, Page<T> page, Function<T, JsonObject> item) {
    JsonArray items = new JsonArray();
    page.items().forEach(entry -> items.add(item.apply(entry)));
    String next =
        page.next()
            .map(
                token ->
                    base
                        + ctx.request().path()
                        + "?"
                        + MAX_RESULTS
                        + "="
                        + maxResults
                        + "&"
                        + SKIP_TOKEN
                        + "="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8))
            .orElse(null);
    return new JsonObject().put("value", items).put("nextLink", next);
  }
}
