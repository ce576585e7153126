package io.keygate.vault.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The throttle's own rules: budgets, windows, keys and its memory bound. */
class LoginThrottleTest {
  private final ThrottledServer.MovableClock clock = new ThrottledServer.MovableClock();

  private LoginThrottle throttle(int perClient, int perAddress, long maximumTracked) {
    return LoginThrottle.create(
        new LoginThrottle.Settings(perClient, perAddress, Duration.ofMinutes(1), maximumTracked),
        clock);
  }

  @Test
  void aClientsBudget_isItsOwn_andAnAddressCountsEveryClient() {
    LoginThrottle throttle = throttle(2, 3, 1000);
    throttle.attempt("a", "10.0.0.1").failed();
    throttle.attempt("a", "10.0.0.1").failed();

    LoginThrottle.Attempt third = throttle.attempt("a", "10.0.0.1");
    LoginThrottle.Attempt otherClient = throttle.attempt("b", "10.0.0.1");
    otherClient.failed();
    LoginThrottle.Attempt addressSpent = throttle.attempt("c", "10.0.0.1");
    LoginThrottle.Attempt otherAddress = throttle.attempt("c", "10.0.0.2");

    assertThat(third.refused()).isTrue();
    assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(third.retryAfterSeconds()).isEqualTo(30);
    assertThat(otherClient.refused()).isFalse();
    assertThat(addressSpent.refused()).isTrue();
    assertThat(otherAddress.refused()).isFalse();
  }

  @Test
  void aRefusalByTheAddress_doesNotSpendTheClientsTry() {
    LoginThrottle throttle = throttle(2, 1, 1000);
    throttle.attempt("x", "10.0.0.1").failed();

    assertThat(throttle.attempt("a", "10.0.0.1").refused()).isTrue();
    assertThat(throttle.attempt("a", "10.0.0.2").refused()).isFalse();
    assertThat(throttle.attempt("a", "10.0.0.3").refused()).isFalse();
    assertThat(throttle.attempt("a", "10.0.0.4").refused()).isTrue();
  }

  @Test
  void aSuccessfulSignIn_givesItsTryBack() {
    LoginThrottle throttle = throttle(2, 100, 1000);
    throttle.attempt("app", "10.0.0.1").failed();
    throttle.attempt("app", "10.0.0.2").succeeded();

    LoginThrottle.Attempt second = throttle.attempt("app", "10.0.0.3");
    second.failed();
    LoginThrottle.Attempt third = throttle.attempt("app", "10.0.0.4");

    assertThat(second.refused()).isFalse();
    assertThat(third.refused()).isTrue();
  }

  @Test
  void whereAClientSignedInBefore_strangersFailuresDoNotRefuseIt() {
    LoginThrottle throttle = throttle(2, 100, 1000);
    throttle.attempt("app", "10.0.0.1").succeeded();
    throttle.attempt("app", "10.6.6.6").failed();
    throttle.attempt("app", "10.6.6.6").failed();

    LoginThrottle.Attempt stranger = throttle.attempt("app", "10.6.6.7");
    LoginThrottle.Attempt familiar = throttle.attempt("app", "10.0.0.1");
    familiar.failed();
    throttle.attempt("app", "10.0.0.1").failed();
    LoginThrottle.Attempt familiarSpent = throttle.attempt("app", "10.0.0.1");

    assertThat(stranger.refused()).isTrue();
    assertThat(familiar.refused()).isFalse();
    // Familiar or not, failures there have the same budget.
    assertThat(familiarSpent.refused()).isTrue();
  }

  @Test
  void aFamiliarAddress_isForgottenAfterAWeek() {
    LoginThrottle throttle = throttle(1, 100, 1000);
    throttle.attempt("app", "10.0.0.1").succeeded();
    clock.advance(LoginThrottle.FAMILIAR_FOR.plusMinutes(1));
    throttle.attempt("app", "10.6.6.6").failed();

    assertThat(throttle.attempt("app", "10.0.0.1").refused()).isTrue();
  }

  @Test
  void ipv6Addresses_areCountedPerSlash64_andMappedIpv4AsIpv4() {
    assertThat(LoginThrottle.addressKey("2001:db8:1:2:aaaa::1"))
        .isEqualTo(LoginThrottle.addressKey("2001:db8:1:2:ffff:1:2:3"))
        .isEqualTo("20010db800010002::/64");
    assertThat(LoginThrottle.addressKey("2001:db8:1:3::1")).isEqualTo("20010db800010003::/64");
    assertThat(LoginThrottle.addressKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(LoginThrottle.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(LoginThrottle.addressKey(null)).isEqualTo("unknown");
  }

  @Test
  void whatTheLogShowsOfAClientId_isShortAndOnOneLine() {
    assertThat(LoginThrottle.printable("app\nFAKE LOG LINE")).isEqualTo("app?FAKE LOG LINE");
    assertThat(LoginThrottle.printable("y".repeat(500))).isEqualTo("y".repeat(128) + "…");
    assertThat(LoginThrottle.printable(null)).isEqualTo("-");
  }

  @Test
  void anOverlongClientId_isKeptAsItsHash() {
    String longId = "x".repeat(10_000);

    assertThat(LoginThrottle.clientKey(longId)).startsWith("sha256:").hasSize(7 + 64);
    assertThat(LoginThrottle.clientKey("5f0c-app")).isEqualTo("5f0c-app");
  }

  @Test
  void rotatingClientIds_neverGrowsTheCachesPastTheirBound() {
    LoginThrottle throttle = throttle(10, 1_000_000, 100);

    for (int i = 0; i < 5_000; i++) {
      throttle.attempt("client-" + i, "10.0.0." + (i % 250)).failed();
    }

    assertThat(throttle.tracked()).isLessThanOrEqualTo(200);
  }

  @Test
  void bucketsUnusedForAWindow_areDropped() {
    LoginThrottle throttle = throttle(10, 30, 1000);
    throttle.attempt("a", "10.0.0.1").failed();
    assertThat(throttle.tracked()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(1).plusSeconds(1));

    assertThat(throttle.tracked()).isZero();
  }

  @Test
  void settingsOutsideTheirRange_areRefusedWithTheReason() {
    assertThatThrownBy(() -> new LoginThrottle.Settings(0, 30, Duration.ofMinutes(1), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failures per client and per address must be >= 1");
    assertThatThrownBy(() -> new LoginThrottle.Settings(10, 30, Duration.ofMillis(500), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the window must be between 1s and 1d");
    assertThatThrownBy(() -> new LoginThrottle.Settings(10, 30, Duration.ofMinutes(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumTracked must be >= 1");
  }
}
