package io.keygate.vault.rotation;

import java.time.Duration;
import java.util.Objects;

/**
 * One lifetime action of a rotation policy, as in Azure Key Vault: when the trigger fires, do the
 * action.
 *
 * @param trigger what starts the action
 * @param triggerAfter how long after the version's creation ({@link Trigger#TIME_AFTER_CREATE}) or
 *     before its expiry ({@link Trigger#TIME_BEFORE_EXPIRY})
 * @param action rotate the secret or only notify
 */
public record LifetimeAction(Trigger trigger, Duration triggerAfter, Action action) {
  /** What a duration is measured from. */
  public enum Trigger {
    TIME_AFTER_CREATE("timeAfterCreate"),
    TIME_BEFORE_EXPIRY("timeBeforeExpiry");

    private final String json;

    Trigger(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }
  }

  /** What happens when the trigger fires. */
  public enum Action {
    ROTATE("Rotate"),
    NOTIFY("Notify");

    private final String json;

    Action(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }
  }

  public LifetimeAction {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(triggerAfter, "triggerAfter");
    Objects.requireNonNull(action, "action");
  }
}
