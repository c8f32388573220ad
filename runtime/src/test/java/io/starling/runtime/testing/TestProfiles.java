package io.starling.runtime.testing;

import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.profile.ActuatorSpec;
import io.starling.runtime.profile.NetworkSettings;
import io.starling.runtime.profile.NodeSettings;
import io.starling.runtime.profile.Profile;
import io.starling.runtime.profile.SecuritySettings;
import io.starling.runtime.profile.SensorSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Profiles built in code for node tests: loopback, port 0, state in a temporary directory. */
public final class TestProfiles {

  private TestProfiles() {}

  /** A node {@code name} with one {@code fake} sensor {@code air} every {@code interval}. */
  public static Profile oneSensor(Path dataDir, String name, Duration interval) {
    return new Profile(
        dataDir.resolve("profile.yaml"),
        new NodeSettings(name, "test-mesh", dataDir),
        new NetworkSettings("127.0.0.1", 0, List.of(), List.of(), false),
        new SecuritySettings(dataDir.resolve("node.key"), null, null, List.of(), null),
        List.of(new SensorSpec("air", "fake", interval, name + "/air", DriverConfig.empty())),
        List.of(new ActuatorSpec("fan", "fake-switch", DriverConfig.empty(), List.of("admin"))),
        List.of());
  }

  /**
   * A node enrolled by {@code DeviceFiles.enroll} into {@code deviceDir} ({@code node.key}, {@code
   * node.crt}, {@code ca.crt}), in mesh {@code mesh}, with one {@code fake} sensor.
   */
  public static Profile enrolled(Path deviceDir, String name, String mesh, Duration interval) {
    return new Profile(
        deviceDir.resolve("profile.yaml"),
        new NodeSettings(name, mesh, deviceDir.resolve("state")),
        new NetworkSettings("127.0.0.1", 0, List.of(), List.of(), false),
        new SecuritySettings(
            deviceDir.resolve("node.key"),
            deviceDir.resolve("node.crt"),
            deviceDir.resolve("ca.crt"),
            List.of(),
            null),
        List.of(new SensorSpec("air", "fake", interval, name + "/air", DriverConfig.empty())),
        List.of(new ActuatorSpec("fan", "fake-switch", DriverConfig.empty(), List.of("operators"))),
        List.of());
  }
}
