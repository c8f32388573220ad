/**
 * Starling's built-in drivers, published through {@code META-INF/services}: {@code simulated}
 * (sensor and actuator, no hardware), {@code system} (the node's own health), {@code bme280} (Bosch
 * temperature, humidity and pressure sensor on I2C) and {@code gpio-output} (a pin driving a relay
 * or LED). Each driver sees only the {@link io.starling.runtime.driver.spi} package.
 */
package io.starling.drivers;
