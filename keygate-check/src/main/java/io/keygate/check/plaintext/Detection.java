package io.keygate.check.plaintext;

/**
 * A credential-like value found in text, described without the value.
 *
 * @param kind what it looks like, e.g. {@code AWS access key id}
 * @param shown a masked description safe to print: the well-known prefix of the format (never a
 *     character of the secret part), the length, and a fingerprint
 */
public record Detection(String kind, String shown) {}
