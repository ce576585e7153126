package io.keygate.sources.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.identity.CredentialUnavailableException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.keygate.secrets.SecretAccessException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what the Azure SDK raised into a {@link SecretAccessException}, in one place.
 *
 * <p>Only answers about the secret itself are 4xx (and so shown to the gateway's caller and cached
 * briefly): 404 {@code SecretNotFound}, 403 {@code SecretDisabled}, {@code SecretExpired} and
 * {@code SecretNotYetValid} (Azure's inner error codes). Everything about the source itself (its
 * credential refused, no right to read, Azure unreachable or failing) is 5xx, so the gateway keeps
 * serving the last good value within its stale-if-error window. Messages name the secret, the vault
 * URL and Azure's status and code; Azure's own message text is not repeated.
 */
final class AzureErrors {
  private AzureErrors() {}

  static SecretAccessException of(Throwable error, String secret, String vaultUrl) {
    Throwable cause = unwrap(error);
    if (cause instanceof SecretAccessException already) {
      return already;
    }
    if (cause instanceof ResourceNotFoundException) {
      return new SecretAccessException(
          404,
          "SecretNotFound",
          "secret " + secret + " was not found in Azure Key Vault " + vaultUrl);
    }
    if (signInRefused(cause)) {
      return new SecretAccessException(
          502,
          "SecretSourceUnauthorized",
          "Azure Key Vault "
              + vaultUrl
              + " did not accept Keygate's credential while reading secret "
              + secret
              + " (check sources.azure.credential)");
    }
    if (cause instanceof HttpResponseException http && http.getResponse() != null) {
      int status = http.getResponse().getStatusCode();
      String text = String.valueOf(http.getMessage());
      if (status == 403 && text.contains("SecretDisabled")) {
        return new SecretAccessException(
            403,
            "SecretDisabled",
            "secret " + secret + " is disabled in Azure Key Vault " + vaultUrl);
      }
      if (status == 403 && text.contains("SecretExpired")) {
        return new SecretAccessException(
            403,
            "SecretExpired",
            "secret " + secret + " has expired in Azure Key Vault " + vaultUrl);
      }
      if (status == 403 && text.contains("SecretNotYetValid")) {
        return new SecretAccessException(
            403,
            "SecretNotYetValid",
            "secret " + secret + " is not valid yet in Azure Key Vault " + vaultUrl);
      }
      if (status == 403) {
        return new SecretAccessException(
            502,
            "SecretSourceForbidden",
            "Azure Key Vault "
                + vaultUrl
                + " refused Keygate's identity the right to read secret "
                + secret
                + " (grant it Key Vault Secrets User)");
      }
      return new SecretAccessException(
          503,
          "SecretSourceUnavailable",
          "Azure Key Vault " + vaultUrl + " answered " + status + " for secret " + secret);
    }
    String kind = cause == null ? "unknown error" : cause.getClass().getSimpleName();
    return new SecretAccessException(
        503,
        "SecretSourceUnavailable",
        "Azure Key Vault "
            + vaultUrl
            + " could not be reached for secret "
            + secret
            + " ("
            + kind
            + ")");
  }

  /**
   * The credential could not get a token: the SDK's own exception, an answer of the token authority
   * (MSAL's, for a wrong client secret or an unknown client), or no credential in the default
   * chain.
   */
  private static boolean signInRefused(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ClientAuthenticationException
          || cause instanceof CredentialUnavailableException) {
        return true;
      }
      if (cause instanceof MsalServiceException msal
          && (msal.statusCode() == 0 || msal.statusCode() < 500)) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
