package io.starling.dist.netns;

import io.starling.runtime.discovery.Announcement;
import io.starling.runtime.discovery.Discovery;
import io.starling.runtime.discovery.DiscoveryListener;
import io.starling.runtime.discovery.DiscoverySettings;
import io.starling.runtime.discovery.LocalService;
import io.starling.runtime.schedule.ExecutorScheduler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Child process for {@link MdnsDiscoveryNetnsIT}, run inside a network namespace: starts discovery
 * for the node in args (name, id, mesh, port, optionally "ipv6") and prints one line per event,
 * with the wall-clock time in ms, until stdin says {@code close} (clean close, goodbyes) or the
 * process is killed.
 */
public final class MdnsDiscoveryChild {

  private MdnsDiscoveryChild() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    long startMillis = System.currentTimeMillis();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    Discovery discovery =
        Discovery.mdns(
            new LocalService(args[0], args[1], args[2], Integer.parseInt(args[3])),
            DiscoverySettings.test().withIpv6(args.length > 4 && args[4].equals("ipv6")),
            new ExecutorScheduler(timer));
    discovery.addListener(
        new DiscoveryListener() {
          @Override
          public void found(Announcement a) {
            line(out, "found", a);
          }

          @Override
          public void lost(Announcement a) {
            line(out, "lost", a);
          }
        });
    discovery.start();
    synchronized (out) {
      out.println("started " + startMillis);
      out.flush();
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String command;
    while ((command = in.readLine()) != null) {
      if (command.equals("close")) {
        break;
      }
    }
    long t0 = System.nanoTime();
    discovery.close();
    timer.shutdownNow();
    long closeMillis = (System.nanoTime() - t0) / 1_000_000;
    timer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    long jmdnsThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().contains("JmDNS"))
            .count();
    synchronized (out) {
      out.println("closed " + closeMillis + " jmdnsThreads=" + jmdnsThreads);
      out.flush();
    }
    System.exit(0);
  }

  private static void line(PrintStream out, String event, Announcement a) {
    synchronized (out) {
      out.println(
          event
              + " "
              + System.currentTimeMillis()
              + " name="
              + a.instanceName().replace(' ', '_')
              + " id="
              + a.nodeId()
              + " mesh="
              + a.mesh()
              + " v="
              + a.version()
              + " port="
              + a.port()
              + " if="
              + a.interfaceName()
              + " addr="
              + a.addresses().stream().map(x -> x.getHostAddress()).toList());
      out.flush();
    }
  }
}
