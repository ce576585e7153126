package io.keygate.gateway.config;

/**
 * API-key authentication for one API. Default: {@code Authorization: Bearer <key>}.
 *
 * @param header the header carrying the key (e.g. {@code X-API-Key}); {@code Authorization} means a
 *     {@code Bearer} token
 * @param query a query parameter carrying the key, instead of a header
 */
public record ApiKeyAuthConfig(String header, String query) {}
