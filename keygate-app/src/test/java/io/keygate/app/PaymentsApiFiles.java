package io.keygate.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The definition files that the serve-level tests put under a node's data directory: the policy
 * {@code standard} (access to {@code payments}) and the API {@code payments} ({@code /payments/},
 * API key auth in {@code X-API-Key}, an upstream on 127.0.0.1) that injects {@code Authorization:
 * Bearer ${secret:<reference>}}.
 */
public final class PaymentsApiFiles {
  private PaymentsApiFiles() {}

  /** Writes both files under {@code data}; {@code reference} names the injected secret. */
  public static void write(Path data, int upstreamPort, String reference) throws IOException {
    Files.createDirectories(data.resolve("policies"));
    Files.createDirectories(data.resolve("apis"));
    Files.writeString(
        data.resolve("policies/standard.yaml"), "name: standard\naccess: [payments]\n");
    Files.writeString(
        data.resolve("apis/payments.yaml"),
        "name: payments\nlisten: { path: /payments/, strip: true }\n"
            + "upstream: { url: \"http://127.0.0.1:"
            + upstreamPort
            + "\" }\nauth: { apiKey: { header: X-API-Key } }\ninject:\n"
            + "  - header: Authorization\n"
            + "    value: \"Bearer ${secret:"
            + reference
            + "}\"\n");
  }
}
