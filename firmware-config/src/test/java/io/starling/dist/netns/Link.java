package io.starling.dist.netns;

/**
 * A link of the lab: a Linux bridge in the lab's own network namespace, with multicast snooping off
 * so that mDNS (224.0.0.251, ff02::fb) reaches every port. Hosts join it with one veth each.
 *
 * @param name the bridge's interface name (also the link's name in port names)
 * @param number 1..254, the third octet of every address on this link (169.254.number.host)
 */
public record Link(String name, int number) {

  /** The network of this link's addresses, e.g. {@code 169.254.1.0/24}. */
  public String subnet() {
    return "169.254." + number + ".0/24";
  }
}
