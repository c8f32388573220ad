/**
 * The driver SPI: what a sensor or actuator driver implements, and all it sees of the runtime.
 *
 * <p>A driver type is published by a {@link io.starling.runtime.driver.spi.SensorDriverFactory} or
 * {@link io.starling.runtime.driver.spi.ActuatorDriverFactory} listed in {@code META-INF/services}.
 * The runtime validates the profile's {@code config} block with {@link
 * io.starling.runtime.driver.spi.DriverFactory#validate}, opens one driver per profile entry with a
 * {@link io.starling.runtime.driver.spi.DriverContext}, and then calls it from its own scheduler:
 * drivers never start threads and never sleep. A driver that throws {@link
 * io.starling.runtime.driver.spi.DriverException} is marked unhealthy and retried with back-off; it
 * never stops the node.
 */
package io.starling.runtime.driver.spi;
