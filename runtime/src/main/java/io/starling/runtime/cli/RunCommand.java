package io.starling.runtime.cli;

import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.node.NodeStartException;
import io.starling.runtime.node.StarlingNode;
import io.starling.runtime.profile.InvalidProfileException;
import io.starling.runtime.profile.IsolatedProfileReader;
import io.starling.runtime.profile.Profile;
import io.starling.runtime.profile.ProfileProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code starling run --profile FILE}: runs one node in the foreground until SIGINT or SIGTERM,
 * then leaves cleanly (within 3 s) and exits 0.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run one node in the foreground until Ctrl-C or SIGTERM.")
final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--profile",
      required = true,
      paramLabel = "FILE",
      description = "The device profile (YAML).")
  Path profileFile;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Override network.port (0 picks a free port).")
  Integer port;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "Override network.bind.")
  String bind;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "error, warn, info (default), debug or trace.")
  String logLevel;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (logLevel != null && !Logging.setLevel(logLevel)) {
      err.println("starling run: --log-level " + logLevel + " is not one of " + Logging.LEVELS);
      return Main.EXIT_USAGE;
    }
    if (port != null && (port < 0 || port > 65535)) {
      err.println("starling run: --port " + port + " is out of range [0, 65535]");
      return Main.EXIT_USAGE;
    }
    DriverRegistry drivers = DriverRegistry.fromServiceLoader(RunCommand.class.getClassLoader());
    Profile profile;
    try {
      profile = new IsolatedProfileReader(drivers, StateDirectory.root()).load(profileFile);
    } catch (InvalidProfileException e) {
      for (ProfileProblem p : e.problems()) {
        err.println(p);
      }
      err.println(e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems"));
      return Main.EXIT_USAGE;
    } catch (IOException e) {
      err.println(profileFile + ": cannot read: " + e.getMessage());
      return Main.EXIT_USAGE;
    }

    // The profile parser's classes are unreachable now; one full collection unloads them and
    // leaves a compact heap for a node that may run for months (docs/ARCHITECTURE.md).
    System.gc();
    StarlingNode.Builder builder = StarlingNode.builder(profile).drivers(drivers);
    if (port != null) {
      builder.port(port);
    }
    if (bind != null) {
      builder.bindAddress(bind);
    }
    StarlingNode node = builder.build();
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTermination(stop::countDown);
    try {
      node.start();
    } catch (NodeStartException e) {
      err.println(
          "starling run: cannot start node " + profile.node().name() + ": " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
    out.printf(
        "ready: node %s (%s) in mesh %s at %s (%s, %s)%n",
        node.id(),
        profile.node().name(),
        profile.node().mesh(),
        coapUri(node.coapAddress()),
        count(profile.sensors().size(), "sensor"),
        count(profile.actuators().size(), "actuator"));
    out.flush();
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      node.close();
    }
    return 0;
  }

  /** {@code coap://host:port}, with IPv6 literals in brackets and the wildcard shown as such. */
  static String coapUri(InetSocketAddress address) {
    InetAddress a = address.getAddress();
    String host;
    if (a.isAnyLocalAddress()) {
      host = a instanceof Inet6Address ? "[::]" : "0.0.0.0";
    } else if (a instanceof Inet6Address) {
      host = "[" + a.getHostAddress() + "]";
    } else {
      host = a.getHostAddress();
    }
    return "coap://" + host + ":" + address.getPort();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
