package io.keygate.secrets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A text with secret references and claim placeholders, as in an {@code inject:} value: {@code
 * Bearer ${secret:payments/upstream-token}} or {@code ${secret:crm/tenant-${claim.tid}}}. Parsed
 * once when the API is loaded ({@link #parse}, which throws {@link IllegalArgumentException} with
 * the position and the problem); rendered per request from the caller's claims.
 *
 * <p>A claim value is substituted only if it is 1 to 127 of {@code 0-9 a-z A-Z -}, so a claim can
 * never change a reference's vault, version or field ({@code /} and {@code #} are refused). A
 * rendered template is a {@link SecretValue}: it contains secret values.
 */
public final class SecretTemplate {
  private static final String SECRET_OPEN = "${secret:";
  private static final String CLAIM_OPEN = "${claim.";
  private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z0-9_:-]{1,128}");
  private static final Pattern CLAIM_VALUE = Pattern.compile("[0-9a-zA-Z-]{1,127}");

  private sealed interface Piece permits Literal, Claim, Secret {}

  private record Literal(String text) implements Piece {}

  private record Claim(String name) implements Piece {}

  /** A reference whose text may contain claim placeholders; {@code pieces} has no Secret. */
  private record Secret(List<Piece> pieces, String source) implements Piece {}

  private final String text;
  private final List<Piece> pieces;

  private SecretTemplate(String text, List<Piece> pieces) {
    this.text = text;
    this.pieces = List.copyOf(pieces);
  }

  /** Parses {@code text}; every reference without placeholders is validated right away. */
  public static SecretTemplate parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("template is missing");
    }
    List<Piece> pieces = new ArrayList<>();
    int at = 0;
    StringBuilder literal = new StringBuilder();
    while (at < text.length()) {
      if (text.startsWith(SECRET_OPEN, at)) {
        flush(literal, pieces);
        at = parseSecret(text, at, pieces);
      } else if (text.startsWith(CLAIM_OPEN, at)) {
        flush(literal, pieces);
        int end = claimEnd(text, at);
        pieces.add(new Claim(text.substring(at + CLAIM_OPEN.length(), end)));
        at = end + 1;
      } else if (text.startsWith("${", at)) {
        throw bad(text, at, "'${' must start ${secret:...} or ${claim.name}");
      } else {
        literal.append(text.charAt(at++));
      }
    }
    flush(literal, pieces);
    return new SecretTemplate(text, pieces);
  }

  private static int parseSecret(String text, int start, List<Piece> out) {
    List<Piece> inner = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int at = start + SECRET_OPEN.length();
    while (true) {
      if (at >= text.length()) {
        throw bad(text, start, "${secret: is not closed with '}'");
      }
      if (text.startsWith(CLAIM_OPEN, at)) {
        flush(literal, inner);
        int end = claimEnd(text, at);
        inner.add(new Claim(text.substring(at + CLAIM_OPEN.length(), end)));
        at = end + 1;
      } else if (text.startsWith("${", at)) {
        throw bad(text, at, "only ${claim.name} may appear inside a secret reference");
      } else if (text.charAt(at) == '}') {
        break;
      } else {
        literal.append(text.charAt(at++));
      }
    }
    flush(literal, inner);
    String source = text.substring(start + SECRET_OPEN.length(), at);
    if (inner.isEmpty()) {
      throw bad(text, start, "${secret:} names no secret");
    }
    if (inner.stream().noneMatch(p -> p instanceof Claim)) {
      SecretRefs.parse(source);
    } else {
      // Validate the shape with a stand-in claim value, so a typo is found at load time too.
      SecretRefs.parse(substitute(inner, name -> "x"));
    }
    out.add(new Secret(inner, source));
    return at + 1;
  }

  private static int claimEnd(String text, int start) {
    int end = text.indexOf('}', start);
    if (end < 0) {
      throw bad(text, start, "${claim. is not closed with '}'");
    }
    String name = text.substring(start + CLAIM_OPEN.length(), end);
    if (!CLAIM_NAME.matcher(name).matches()) {
      throw bad(text, start, "claim name '" + name + "' is invalid: use letters, digits, _ : -");
    }
    return end;
  }

  private static void flush(StringBuilder literal, List<Piece> pieces) {
    if (!literal.isEmpty()) {
      pieces.add(new Literal(literal.toString()));
      literal.setLength(0);
    }
  }

  /** The template as written. */
  public String text() {
    return text;
  }

  /** Whether the template contains at least one secret reference. */
  public boolean hasSecrets() {
    return pieces.stream().anyMatch(p -> p instanceof Secret);
  }

  /** The claims the template needs, in order of appearance. */
  public Set<String> claims() {
    Set<String> names = new LinkedHashSet<>();
    collectClaims(pieces, names);
    return names;
  }

  private static void collectClaims(List<Piece> pieces, Set<String> names) {
    for (Piece piece : pieces) {
      if (piece instanceof Claim claim) {
        names.add(claim.name());
      } else if (piece instanceof Secret secret) {
        collectClaims(secret.pieces(), names);
      }
    }
  }

  /**
   * The references for a caller with these claims, in order of appearance. A missing claim or one
   * that is not a plain name fails with a 400 {@code ClaimMissing} / {@code ClaimInvalid}.
   */
  public List<SecretRef> refs(Map<String, ?> claims) {
    List<SecretRef> refs = new ArrayList<>();
    for (Piece piece : pieces) {
      if (piece instanceof Secret secret) {
        refs.add(SecretRefs.parse(substitute(secret.pieces(), name -> claim(claims, name))));
      }
    }
    return refs;
  }

  /**
   * Renders the template: claims from {@code claims}, each reference's value from {@code values}
   * (called in order of appearance). The result holds secret values, so it is a SecretValue.
   */
  public SecretValue render(Map<String, ?> claims, Function<SecretRef, SecretValue> values) {
    StringBuilder out = new StringBuilder();
    for (Piece piece : pieces) {
      switch (piece) {
        case Literal literal -> out.append(literal.text());
        case Claim claim -> out.append(claim(claims, claim.name()));
        case Secret secret -> {
          String ref = substitute(secret.pieces(), name -> claim(claims, name));
          out.append(values.apply(SecretRefs.parse(ref)).reveal());
        }
      }
    }
    return SecretValue.of(out.toString());
  }

  private static String substitute(List<Piece> pieces, Function<String, String> claims) {
    StringBuilder out = new StringBuilder();
    for (Piece piece : pieces) {
      switch (piece) {
        case Literal literal -> out.append(literal.text());
        case Claim claim -> out.append(claims.apply(claim.name()));
        case Secret secret -> throw new IllegalStateException("nested secret reference");
      }
    }
    return out.toString();
  }

  private static String claim(Map<String, ?> claims, String name) {
    Object value = claims.get(name);
    if (value == null) {
      throw new SecretAccessException(
          400,
          "ClaimMissing",
          "the caller's token has no claim '" + name + "' that a secret reference needs");
    }
    if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
      throw new SecretAccessException(
          400, "ClaimInvalid", "claim '" + name + "' is not a single value");
    }
    String text = String.valueOf(value);
    if (!CLAIM_VALUE.matcher(text).matches()) {
      throw new SecretAccessException(
          400,
          "ClaimInvalid",
          "claim '"
              + name
              + "' cannot name a secret: its value must be 1 to 127 of 0-9, a-z, A-Z, -");
    }
    return text;
  }

  private static IllegalArgumentException bad(String text, int at, String problem) {
    return new IllegalArgumentException(
        "template '" + text + "' at position " + (at + 1) + ": " + problem);
  }

  @Override
  public String toString() {
    return text;
  }
}
