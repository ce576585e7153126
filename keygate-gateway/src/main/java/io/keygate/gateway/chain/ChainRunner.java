package io.keygate.gateway.chain;

import io.vertx.core.Future;
import java.util.List;

/**
 * Runs an exchange through the steps in order. Each step gets a {@link Chain} for the rest; calling
 * {@link Chain#proceed} twice, or from the last step, fails the exchange with a message that names
 * the step at fault. A step that throws instead of failing its future is treated as if it had
 * failed it.
 */
public final class ChainRunner {
  private final Step[] steps;
  private final String[] names;

  public ChainRunner(List<Step> steps) {
    this.steps = steps.toArray(Step[]::new);
    this.names = steps.stream().map(s -> s.getClass().getSimpleName()).toArray(String[]::new);
  }

  /** Completes when the last step has answered, or fails with the first step's failure. */
  public Future<Void> run(Exchange exchange) {
    return new Link(0).proceed(exchange);
  }

  /** The step names in order, for logs and tests. */
  public List<String> names() {
    return List.of(names);
  }

  private final class Link implements Chain {
    private final int index;
    private boolean proceeded;

    Link(int index) {
      this.index = index;
    }

    @Override
    public Future<Void> proceed(Exchange exchange) {
      if (proceeded) {
        return contractBroken("called proceed() more than once");
      }
      proceeded = true;
      if (index == steps.length) {
        return contractBroken("called proceed() but it is the last step");
      }
      try {
        Future<Void> result = steps[index].apply(exchange, new Link(index + 1));
        return result != null
            ? result
            : Future.failedFuture(
                new IllegalStateException("step " + names[index] + " returned no future"));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }

    private Future<Void> contractBroken(String what) {
      String culprit = index == 0 ? "the chain runner" : "step " + names[index - 1];
      return Future.failedFuture(new IllegalStateException(culprit + " " + what));
    }
  }
}
