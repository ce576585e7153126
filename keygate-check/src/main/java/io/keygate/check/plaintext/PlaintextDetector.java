package io.keygate.check.plaintext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials written in plain text: well-known formats first (private keys, JWTs, cloud and
 * GitHub keys, connection strings with passwords, Bearer/Basic literals, credentials in fields
 * named like one), then long high-entropy tokens. Secret references ({@code ${secret:...}}) and
 * claim placeholders are removed before scanning, so a proper reference is never a finding. A
 * detection carries a masked description and a fingerprint, never the value.
 */
public final class PlaintextDetector {
  private record Known(String kind, Pattern pattern, int secretGroup, String prefix) {}

  private static final List<Known> KNOWN =
      List.of(
          new Known(
              "private key (PEM)",
              Pattern.compile("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\\s\\S]*?(-----END|$)"),
              0,
              "-----BEGIN PRIVATE KEY-----"),
          new Known(
              "JSON Web Token",
              Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{10,}"),
              0,
              "eyJ"),
          new Known(
              "AWS access key id",
              Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\\b"),
              0,
              "AKIA"),
          new Known(
              "Azure storage account key",
              Pattern.compile("(?i)AccountKey=([A-Za-z0-9+/]{40,}={0,2})"),
              1,
              "AccountKey="),
          new Known(
              "Azure SAS signature",
              Pattern.compile("(?i)[?&]sig=([A-Za-z0-9%+/=]{20,})"),
              1,
              "sig="),
          new Known(
              "Microsoft Entra client secret",
              Pattern.compile("(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}"),
              0,
              ""),
          new Known("Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), 0, "AIza"),
          new Known(
              "Google service account key",
              Pattern.compile("\"private_key_id\"\\s*:\\s*\"([0-9a-f]{40})\""),
              1,
              "private_key_id"),
          new Known(
              "GitHub token",
              Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})"),
              0,
              "gh*_"),
          new Known("Slack token", Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"), 0, "xox"),
          new Known(
              "Stripe live key", Pattern.compile("\\b[rs]k_live_[0-9A-Za-z]{20,}"), 0, "sk_live_"),
          new Known(
              "connection string with a password",
              Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]+:([^@\\s/]+)@"),
              1,
              "scheme://user:"),
          new Known(
              "connection string with a password",
              Pattern.compile("(?i)(?:^|[;\\s])(?:password|pwd)\\s*=\\s*([^;\\s]+)"),
              1,
              "Password="),
          new Known(
              "Bearer/Basic credential",
              Pattern.compile("(?i)\\b(?:bearer|basic)\\s+([A-Za-z0-9._~+/-]{8,}=*)"),
              1,
              "Bearer "));

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{(?:secret:[^}]*|claim\\.[^}]*)\\}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/=_.~-]{20,}");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final Pattern SECRET_FIELD =
      Pattern.compile(
          "(?i)(?:.*[_-])?(?:password|passwd|pwd|secret|client[_-]?secret|token|access[_-]?token"
              + "|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key)");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

  private PlaintextDetector() {}

  /**
   * Scans one value.
   *
   * @param field the name of the field holding it (the last segment of its path), or empty
   * @param value the value as written
   */
  public static List<Detection> scan(String field, String value) {
    List<Detection> found = new ArrayList<>();
    String text = REFERENCE.matcher(value).replaceAll(" ");
    for (Known known : KNOWN) {
      Matcher m = known.pattern().matcher(text);
      while (m.find()) {
        String secret = m.group(known.secretGroup());
        if (secret == null || secret.isEmpty() || secret.startsWith("$")) {
          continue;
        }
        found.add(new Detection(known.kind(), mask(known.prefix(), secret)));
        text =
            text.substring(0, m.start())
                + " ".repeat(m.end() - m.start())
                + text.substring(m.end());
        m = known.pattern().matcher(text);
      }
    }
    String trimmed = text.strip();
    if (found.isEmpty()
        && SECRET_FIELD.matcher(field).matches()
        && trimmed.length() >= 6
        && !ENV_NAME.matcher(trimmed).matches()
        && !trimmed.startsWith("/")
        && !trimmed.contains("://")) {
      found.add(new Detection("credential in field '" + field + "'", mask("", trimmed)));
      return found;
    }
    Matcher tokens = TOKEN.matcher(text);
    while (tokens.find()) {
      String token = tokens.group();
      if (highEntropy(token)) {
        found.add(new Detection("high-entropy string", mask("", token)));
      }
    }
    return found;
  }

  /** Shannon entropy in bits per character. */
  static double entropy(String s) {
    int[] counts = new int[128];
    int other = 0;
    for (char c : s.toCharArray()) {
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    for (int n : counts) {
      if (n > 0) {
        double p = (double) n / s.length();
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    if (other > 0) {
      double p = (double) other / s.length();
      h -= p * Math.log(p) / Math.log(2);
    }
    return h;
  }

  private static boolean highEntropy(String token) {
    if (UUID.matcher(token).find() || token.contains("..") || looksLikeHostOrWords(token)) {
      return false;
    }
    boolean hex = HEX.matcher(token).matches();
    if (hex) {
      return token.length() >= 40 && entropy(token) >= 3.5;
    }
    boolean lower = token.chars().anyMatch(Character::isLowerCase);
    boolean upper = token.chars().anyMatch(Character::isUpperCase);
    boolean digit = token.chars().anyMatch(Character::isDigit);
    if ((lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) < 3) {
      return false;
    }
    double threshold = Math.min(4.2, Math.log(token.length()) / Math.log(2) - 0.7);
    return entropy(token) >= threshold;
  }

  /** Dotted host names and dash/underscore-separated words are names, not keys. */
  private static boolean looksLikeHostOrWords(String token) {
    String[] parts = token.split("[._-]");
    if (parts.length < 2) {
      return false;
    }
    for (String part : parts) {
      if (part.length() > 12) {
        return false;
      }
    }
    return true;
  }

  /** {@code prefix… (N chars, sha256:xxxxxxxx)}: enough to find the value, not to use it. */
  static String mask(String prefix, String secret) {
    String shown = prefix.isEmpty() ? "" : prefix + "… ";
    return shown + "(" + secret.length() + " chars, sha256:" + fingerprint(secret) + ")";
  }

  /** {@code (N chars, sha256:xxxxxxxx)} for a value known to be secret. */
  public static String masked(String secret) {
    return mask("", secret);
  }

  /** The first 8 hex digits of the SHA-256 of {@code secret}. */
  public static String fingerprint(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
