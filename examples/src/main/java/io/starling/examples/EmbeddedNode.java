package io.starling.examples;

import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.driver.Sample;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.node.StarlingNode;
import io.starling.runtime.profile.InvalidProfileException;
import io.starling.runtime.profile.Profile;
import io.starling.runtime.profile.ProfileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Embedding a Starling node in your own program: load a profile, start the node, print every new
 * reading of one sensor, stop after a number of samples.
 *
 * <pre>
 * mvn -B -q -pl examples -am package -DskipTests
 * java -cp "examples/target/classes:firmware-config/target/dist/lib/*" \
 *     io.starling.examples.EmbeddedNode firmware-config/profiles/simulated.yaml air 5
 * </pre>
 */
public final class EmbeddedNode {

  private EmbeddedNode() {}

  /** Arguments: PROFILE [SENSOR [COUNT]]. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: EmbeddedNode PROFILE [SENSOR [COUNT]]");
      System.exit(2);
    }
    Path state = Files.createTempDirectory("starling-example");
    int code =
        run(
            Path.of(args[0]),
            args.length > 1 ? args[1] : null,
            args.length > 2 ? Integer.parseInt(args[2]) : 3,
            state,
            sample -> System.out.println(format(sample)));
    System.exit(code);
  }

  /**
   * Runs a node from {@code profileFile} (state under {@code stateRoot}) on a free port until
   * {@code count} samples of {@code sensor} (default: the profile's first sensor) have been handed
   * to {@code sink}.
   *
   * @return 0 on success, 2 if the profile is invalid or has no such sensor
   */
  public static int run(
      Path profileFile, String sensor, int count, Path stateRoot, Consumer<Sample> sink)
      throws Exception {
    DriverRegistry drivers = DriverRegistry.fromServiceLoader(EmbeddedNode.class.getClassLoader());
    Profile profile;
    try {
      profile = new ProfileLoader(drivers, stateRoot).load(profileFile);
    } catch (InvalidProfileException e) {
      e.problems().forEach(System.err::println);
      return 2;
    }
    String name = sensor != null ? sensor : profile.sensors().get(0).name();
    if (profile.sensor(name).isEmpty()) {
      System.err.println(profileFile + ": no sensor named '" + name + "'");
      return 2;
    }
    CountDownLatch received = new CountDownLatch(count);
    StarlingNode node = StarlingNode.builder(profile).drivers(drivers).port(0).build();
    // Listen before start() so that not even the first sample is missed.
    node.sensor(name)
        .orElseThrow()
        .addListener(
            sample -> {
              sink.accept(sample);
              received.countDown();
            });
    try (node) {
      node.start();
      System.out.println(
          "node " + node.id() + " serving CoAP on port " + node.coapAddress().getPort());
      Duration interval = profile.sensor(name).orElseThrow().interval();
      if (!received.await(interval.toMillis() * (count + 2) + 5_000, TimeUnit.MILLISECONDS)) {
        System.err.println("sensor " + name + " delivered fewer than " + count + " samples");
        return 1;
      }
    }
    return 0;
  }

  static String format(Sample sample) {
    StringBuilder line = new StringBuilder(sample.topic()).append(" #").append(sample.number());
    for (Reading r : sample.readings()) {
      line.append("  ").append(r.name()).append('=').append(r.value());
      if (r.unit() != null) {
        line.append(' ').append(r.unit());
      }
    }
    return line.toString();
  }
}
