package io.starling.runtime.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link Discovery}, validated on construction. Start from a preset ({@link #lan()},
 * {@link #test()}) and change what you need with the {@code with…} methods.
 *
 * @param interfaces names of the interfaces to announce and browse on, e.g. {@code ["eth0",
 *     "wlan0"]}. Empty (the default) means every interface that is up, not loopback and
 *     multicast-capable. Naming interfaces keeps a node off links it must not join (a management
 *     VLAN, a VPN); an empty list follows whatever the device has, including USB links plugged in
 *     later.
 * @param interfacePollInterval how often the interface list is read again to follow interfaces and
 *     addresses that come and go. Default 1 s in {@link #lan()}. The same tick drops expired
 *     records, so a peer's goodbye is reported about 1 s plus this interval after it was sent.
 *     Shorter notices a new link and a goodbye sooner at the cost of one {@code NetworkInterface}
 *     scan (a few syscalls) per tick; 100 ms to 10 min.
 * @param ipv6 also run mDNS on the interface's IPv6 link-local address (FF02::FB), where it has
 *     one. Default true. Each address is one jmDNS instance with about five threads, so IPv4 alone
 *     halves the thread cost on small devices.
 * @param resolveRetryInterval how long to wait before asking again for a peer's SRV/TXT/A records
 *     when a resolution arrived incomplete (jmDNS often reports a service resolved before its TXT
 *     arrived). Default 250 ms; 10 ms to 10 s. Shorter finds peers sooner on a lossy link and costs
 *     one extra query per retry.
 * @param resolveAttempts how many times to ask again before giving up on a peer whose announcement
 *     stays incomplete or malformed (counted, logged at DEBUG). Default 8; 1 to 100.
 * @param closeTimeout the longest {@link Discovery#close()} blocks while goodbyes are sent on all
 *     interfaces in parallel. Three goodbyes go out 250 ms apart (about 0.5 s; jmDNS's own timing
 *     would take 2 s). Default 3 s; 0 to 1 min. Shorter returns sooner but may cut the goodbyes
 *     short, and peers then keep stale records until their TTL expires.
 */
public record DiscoverySettings(
    List<String> interfaces,
    Duration interfacePollInterval,
    boolean ipv6,
    Duration resolveRetryInterval,
    int resolveAttempts,
    Duration closeTimeout) {

  /** Validates every field against the ranges documented above. */
  public DiscoverySettings {
    Objects.requireNonNull(interfaces, "interfaces");
    interfaces = List.copyOf(interfaces);
    for (String name : interfaces) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("discovery: interfaces contains a blank name");
      }
    }
    requireBetween(
        "interfacePollInterval",
        interfacePollInterval,
        Duration.ofMillis(100),
        Duration.ofMinutes(10));
    requireBetween(
        "resolveRetryInterval",
        resolveRetryInterval,
        Duration.ofMillis(10),
        Duration.ofSeconds(10));
    if (resolveAttempts < 1 || resolveAttempts > 100) {
      throw new IllegalArgumentException(
          "discovery: resolveAttempts " + resolveAttempts + " is not in 1..100");
    }
    requireBetween("closeTimeout", closeTimeout, Duration.ZERO, Duration.ofMinutes(1));
  }

  private static void requireBetween(String field, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, field);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "discovery: "
              + field
              + " "
              + value.toMillis()
              + "ms is not in "
              + min.toMillis()
              + "ms.."
              + max.toMillis()
              + "ms");
    }
  }

  /** A device on a home or office LAN: all interfaces, IPv4 and IPv6, 1 s interface polling. */
  public static DiscoverySettings lan() {
    return new DiscoverySettings(
        List.of(), Duration.ofSeconds(1), true, Duration.ofMillis(250), 8, Duration.ofSeconds(3));
  }

  /** Tests: IPv4 only (no DAD wait, fewer threads), fast polling and retries. */
  public static DiscoverySettings test() {
    return new DiscoverySettings(
        List.of(),
        Duration.ofMillis(200),
        false,
        Duration.ofMillis(100),
        20,
        Duration.ofSeconds(3));
  }

  /** A copy limited to the named interfaces. */
  public DiscoverySettings withInterfaces(List<String> names) {
    return new DiscoverySettings(
        names, interfacePollInterval, ipv6, resolveRetryInterval, resolveAttempts, closeTimeout);
  }

  /** A copy with IPv6 on or off. */
  public DiscoverySettings withIpv6(boolean on) {
    return new DiscoverySettings(
        interfaces, interfacePollInterval, on, resolveRetryInterval, resolveAttempts, closeTimeout);
  }
}
