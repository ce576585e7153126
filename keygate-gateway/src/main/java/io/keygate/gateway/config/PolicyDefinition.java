package io.keygate.gateway.config;

import java.util.List;

/**
 * One policy, as written in {@code policies/<name>.yaml}.
 *
 * @param name unique policy name
 * @param access the APIs it grants, by name ({@code payments}) or with methods and paths
 * @param rate a token-bucket rate limit per consumer
 * @param quota a persisted quota per consumer
 * @param principals principals bound to this policy ({@code group:<name>}, {@code app:<id>}) for
 *     JWT callers
 */
public record PolicyDefinition(
    String name, List<Access> access, Rate rate, Quota quota, List<String> principals) {

  /**
   * An access right. Written either as a bare API name, or as {@code {api, methods, paths}}.
   *
   * @param api the API name
   * @param methods allowed methods, empty for all
   * @param paths allowed path patterns (normalized paths, {@code *} and {@code **} globs), empty
   *     for all
   */
  public record Access(String api, List<String> methods, List<String> paths) {
    @com.fasterxml.jackson.annotation.JsonCreator(
        mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
    public static Access ofName(String api) {
      return new Access(api, List.of(), List.of());
    }
  }

  /**
   * @param requests tokens per period
   * @param per the period, e.g. {@code 1s}
   */
  public record Rate(long requests, String per) {}

  /**
   * @param max requests per renewal period
   * @param per the renewal period, e.g. {@code 30d}
   */
  public record Quota(long max, String per) {}
}
