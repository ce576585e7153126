package io.keygate.app.cli;

/** How a command prints its result: for people ({@code text}) or for programs ({@code json}). */
public enum Output {
  text,
  json
}
