package io.starling.examples;

import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.driver.spi.Value;
import io.starling.runtime.node.CommandReply;
import io.starling.runtime.node.StarlingNode;
import io.starling.runtime.profile.Profile;
import io.starling.runtime.profile.ProfileLoader;
import io.starling.runtime.pubsub.Delivery;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.MeshCa;
import io.starling.runtime.wire.SenmlCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The embedding API across a mesh, in one program: a throwaway mesh CA enrols two nodes; the {@code
 * greenhouse} node publishes its simulated air readings and has a fan; the {@code controller} node
 * subscribes to {@code greenhouse/#} and, when a temperature goes above a threshold, commands the
 * greenhouse's fan on. Every reading arrives signed by its origin and verified; the command is
 * signed by the controller and authorised by the fan's {@code allow} groups.
 *
 * <pre>
 * mvn -B -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:firmware-config/target/dist/lib/*" \
 *     io.starling.examples.GreenhouseController 10
 * </pre>
 */
public final class GreenhouseController {

  private GreenhouseController() {}

  /** Argument: how many readings to print before stopping (default 10). */
  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("starling-greenhouse");
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    System.exit(run(work, count, 15.0, System.out::println));
  }

  /**
   * Runs both nodes under {@code work} until {@code count} readings have reached the controller and
   * the fan has answered, printing each line to {@code out}.
   *
   * @param threshold the temperature (Cel) above which the controller switches the fan on
   * @return 0 when the readings arrived and the fan switched on, 1 otherwise
   */
  public static int run(Path work, int count, double threshold, Consumer<String> out)
      throws Exception {
    SecureRandom random = new SecureRandom();
    MeshCa ca = MeshCa.init(work.resolve("ca"), "greenhouse-ca", Duration.ofDays(7));
    DeviceFiles.enroll(
        ca,
        work.resolve("greenhouse"),
        "greenhouse",
        List.of("sensors"),
        Duration.ofDays(1),
        random);
    DeviceFiles.enroll(
        ca,
        work.resolve("controller"),
        "controller",
        List.of("operators"),
        Duration.ofDays(1),
        random);
    DriverRegistry drivers =
        DriverRegistry.fromServiceLoader(GreenhouseController.class.getClassLoader());
    ProfileLoader loader = new ProfileLoader(drivers, work.resolve("state"));
    Profile greenhouseProfile =
        loader.load(
            profile(
                work.resolve("greenhouse"),
                """
                sensors:
                  - {name: air, driver: simulated, interval: 200ms, topic: greenhouse/air}
                actuators:
                  - {name: fan, driver: simulated, allow: [operators]}
                """));
    Profile controllerProfile = loader.load(profile(work.resolve("controller"), ""));

    try (StarlingNode greenhouse =
            StarlingNode.builder(greenhouseProfile).drivers(drivers).build().start();
        StarlingNode controller =
            StarlingNode.builder(controllerProfile).drivers(drivers).build().start()) {
      controller.addPeer(greenhouse.coapAddress());
      CountDownLatch readings = new CountDownLatch(count);
      AtomicBoolean commanded = new AtomicBoolean();
      CompletableFuture<CommandReply> fan = new CompletableFuture<>();
      controller.subscribe(
          "greenhouse/#",
          d -> {
            double t = temperature(d);
            out.accept(
                String.format(
                    Locale.ROOT,
                    "%s #%d from %s (%d hop): %.2f Cel",
                    d.topic(),
                    d.seq(),
                    d.originName(),
                    d.hops(),
                    t));
            readings.countDown();
            if (t > threshold && commanded.compareAndSet(false, true)) {
              out.accept("above " + threshold + " Cel: switching the greenhouse fan on");
              controller
                  .command("greenhouse", "fan", Value.of(true), Duration.ofSeconds(5))
                  .thenAccept(fan::complete);
            }
          });
      boolean arrived = readings.await(30, TimeUnit.SECONDS);
      CommandReply reply = commanded.get() ? fan.get(10, TimeUnit.SECONDS) : null;
      if (reply != null) {
        out.accept("fan: " + reply.outcome() + " " + reply.text());
      }
      return arrived && reply != null && reply.applied() ? 0 : 1;
    }
  }

  private static Path profile(Path device, String more) throws Exception {
    String name = device.getFileName().toString();
    Path file = device.resolve("profile.yaml");
    Files.writeString(
        file,
        """
        node: {name: %s, mesh: greenhouse}
        network: {bind: 127.0.0.1, port: 0, discovery: false}
        security: {key: node.key, certificate: node.crt, trust: ca.crt}
        """
                .formatted(name)
            + more);
    return file;
  }

  /** The temperature record of a SenML reading, or NaN. */
  static double temperature(Delivery d) {
    for (Map<String, Object> r : SenmlCodec.cborToRecords(d.body())) {
      if ("temperature".equals(r.get("n")) && r.get("v") instanceof Number n) {
        return n.doubleValue();
      }
    }
    return Double.NaN;
  }
}
