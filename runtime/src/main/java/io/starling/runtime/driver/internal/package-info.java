/**
 * The runtime's side of the driver SPI: adapters that back {@link
 * io.starling.runtime.driver.spi.Hardware} with a real library. Pi4J's types stay in here.
 */
package io.starling.runtime.driver.internal;
