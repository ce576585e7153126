package io.keygate.sources.remote;

import io.keygate.secrets.SecretValue;
import java.util.Objects;

/**
 * How this node proves itself to the remote vault: a fixed bearer token (the remote's admin token),
 * or an app's client credentials, exchanged at the remote's token endpoint for short-lived tokens
 * (the app should hold {@code gateway-node} and nothing else).
 */
public sealed interface NodeCredential {

  /** A fixed bearer token; never logged. */
  record Token(SecretValue token) implements NodeCredential {
    public Token {
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * An app of the remote ({@code keygate app create}): {@code POST /<tenant>/oauth2/v2.0/token}
   * with the client-credentials grant.
   *
   * @param tenant the remote's tenant ({@code identity.tenant}, default {@code keygate})
   * @param clientId the app's client id
   * @param clientSecret one of its client secrets; never logged
   */
  record ClientSecret(String tenant, String clientId, SecretValue clientSecret)
      implements NodeCredential {
    public ClientSecret {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      if (!tenant.matches("[A-Za-z0-9.-]{1,64}")) {
        throw new IllegalArgumentException(
            "tenant '" + tenant + "' must be 1 to 64 letters, digits, '-' or '.'");
      }
      if (clientId.isBlank()) {
        throw new IllegalArgumentException("clientId is empty");
      }
    }
  }
}
