package io.starling.runtime.driver;

import io.starling.runtime.driver.spi.ActuatorDriverFactory;
import io.starling.runtime.driver.spi.SensorDriverFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The driver types available to a node. (Temporary: replaced by the profile branch's version.) */
public final class DriverRegistry {

  private final Map<String, SensorDriverFactory> sensors;
  private final Map<String, ActuatorDriverFactory> actuators;

  private DriverRegistry(
      Map<String, SensorDriverFactory> sensors, Map<String, ActuatorDriverFactory> actuators) {
    this.sensors = sensors;
    this.actuators = actuators;
  }

  /** The factories listed in META-INF/services visible to {@code loader}. */
  public static DriverRegistry fromServiceLoader(ClassLoader loader) {
    return of(
        ServiceLoader.load(SensorDriverFactory.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList(),
        ServiceLoader.load(ActuatorDriverFactory.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList());
  }

  /** A registry of the given factories. */
  public static DriverRegistry of(
      List<SensorDriverFactory> sensors, List<ActuatorDriverFactory> actuators) {
    Map<String, SensorDriverFactory> s = new TreeMap<>();
    sensors.forEach(f -> s.put(f.type(), f));
    Map<String, ActuatorDriverFactory> a = new TreeMap<>();
    actuators.forEach(f -> a.put(f.type(), f));
    return new DriverRegistry(s, a);
  }

  /** The sensor factory of a type. */
  public Optional<SensorDriverFactory> sensor(String type) {
    return Optional.ofNullable(sensors.get(type));
  }

  /** The actuator factory of a type. */
  public Optional<ActuatorDriverFactory> actuator(String type) {
    return Optional.ofNullable(actuators.get(type));
  }

  /** Sensor types. */
  public SortedSet<String> sensorTypes() {
    return new TreeSet<>(sensors.keySet());
  }

  /** Actuator types. */
  public SortedSet<String> actuatorTypes() {
    return new TreeSet<>(actuators.keySet());
  }
}
