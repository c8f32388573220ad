package io.starling.runtime.driver;

import io.starling.runtime.driver.spi.ActuatorDriverFactory;
import io.starling.runtime.driver.spi.DriverFactory;
import io.starling.runtime.driver.spi.SensorDriverFactory;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The driver types a node knows, by type name: one {@link SensorDriverFactory} or {@link
 * ActuatorDriverFactory} per name. Immutable; a sensor and an actuator factory may share a name
 * ({@code simulated} is both), two factories of the same kind may not.
 *
 * <p>Built once per node, either from {@link ServiceLoader} ({@code META-INF/services} entries of
 * the driver jars on the class path) or, in tests and embedding code, from explicit lists.
 */
public final class DriverRegistry {

  private final Map<String, SensorDriverFactory> sensors;
  private final Map<String, ActuatorDriverFactory> actuators;

  private DriverRegistry(
      Map<String, SensorDriverFactory> sensors, Map<String, ActuatorDriverFactory> actuators) {
    this.sensors = Collections.unmodifiableMap(sensors);
    this.actuators = Collections.unmodifiableMap(actuators);
  }

  /**
   * Every factory registered in {@code META-INF/services} visible to {@code loader}.
   *
   * @throws IllegalStateException if two factories of one kind claim the same type
   * @throws java.util.ServiceConfigurationError if a registered factory cannot be instantiated
   */
  public static DriverRegistry fromServiceLoader(ClassLoader loader) {
    List<SensorDriverFactory> sensors =
        ServiceLoader.load(SensorDriverFactory.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    List<ActuatorDriverFactory> actuators =
        ServiceLoader.load(ActuatorDriverFactory.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    return of(sensors, actuators);
  }

  /**
   * A registry of exactly these factories.
   *
   * @throws IllegalStateException if two factories of one kind claim the same type, naming both
   *     classes
   */
  public static DriverRegistry of(
      List<? extends SensorDriverFactory> sensors,
      List<? extends ActuatorDriverFactory> actuators) {
    return new DriverRegistry(index("sensor", sensors), index("actuator", actuators));
  }

  private static <F extends DriverFactory> Map<String, F> index(
      String kind, List<? extends F> factories) {
    Map<String, F> byType = new TreeMap<>();
    for (F factory : factories) {
      String type = Objects.requireNonNull(factory.type(), "type() of " + factory.getClass());
      F previous = byType.putIfAbsent(type, factory);
      if (previous != null) {
        throw new IllegalStateException(
            "two "
                + kind
                + " drivers of type '"
                + type
                + "': "
                + previous.getClass().getName()
                + " and "
                + factory.getClass().getName());
      }
    }
    return byType;
  }

  /** The sensor driver factory of this type, if any. */
  public Optional<SensorDriverFactory> sensor(String type) {
    return Optional.ofNullable(sensors.get(type));
  }

  /** The actuator driver factory of this type, if any. */
  public Optional<ActuatorDriverFactory> actuator(String type) {
    return Optional.ofNullable(actuators.get(type));
  }

  /** The sensor driver types, sorted. */
  public SortedSet<String> sensorTypes() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(sensors.keySet()));
  }

  /** The actuator driver types, sorted. */
  public SortedSet<String> actuatorTypes() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(actuators.keySet()));
  }

  @Override
  public String toString() {
    return "DriverRegistry[sensors=" + sensors.keySet() + ", actuators=" + actuators.keySet() + "]";
  }
}
