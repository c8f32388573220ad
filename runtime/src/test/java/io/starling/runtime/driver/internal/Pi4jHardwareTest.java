package io.starling.runtime.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starling.runtime.driver.spi.DigitalOutput;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.I2cDevice;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class Pi4jHardwareTest {

  private static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  @Test
  void mock_platform_round_trips_i2c_registers_as_unsigned_bytes() throws Exception {
    try (Pi4jHardware hardware = new Pi4jHardware(Pi4jHardware.Platform.MOCK);
        I2cDevice device = hardware.i2c(1, 0x76)) {
      // Pi4J's mock keeps a FIFO per register: what is written is what the next read returns.
      device.writeRegister(0xD0, 0xF0);
      device.writeRegister(0x88, 0x01);
      device.writeRegister(0x88, 0xFF);

      assertThat(device.readRegister(0xD0)).isEqualTo(0xF0); // 240, not -16
      assertThat(device.readRegisters(0x88, 2)).containsExactly(0x01, 0xFF);
    }
  }

  @Test
  void mock_platform_reading_an_empty_register_is_a_driver_exception() throws Exception {
    try (Pi4jHardware hardware = new Pi4jHardware(Pi4jHardware.Platform.MOCK);
        I2cDevice device = hardware.i2c(1, 0x77)) {
      assertThatThrownBy(() -> device.readRegister(0xD0))
          .isInstanceOf(DriverException.class)
          .hasMessageStartingWith("i2c bus 1 address 0x77: read of register 0xd0 failed");
      assertThatThrownBy(() -> device.readRegisters(0xF7, 8))
          .isInstanceOf(DriverException.class)
          .hasMessageContaining("read -1 of 8 bytes");
    }
  }

  @Test
  void mock_platform_drives_a_digital_output() throws Exception {
    try (Pi4jHardware hardware = new Pi4jHardware(Pi4jHardware.Platform.MOCK)) {
      DigitalOutput pin = hardware.digitalOutput(17, true);
      assertThat(pin.isHigh()).isTrue();

      pin.set(false);
      assertThat(pin.isHigh()).isFalse();
      pin.close();
    }
  }

  @Test
  void a_closed_device_can_be_opened_again() throws Exception {
    try (Pi4jHardware hardware = new Pi4jHardware(Pi4jHardware.Platform.MOCK)) {
      hardware.digitalOutput(5, false).close();
      hardware.i2c(1, 0x76).close();

      assertThat(hardware.digitalOutput(5, true).isHigh()).isTrue();
      hardware.i2c(1, 0x76).close();
    }
  }

  @Test
  void opening_the_same_pin_twice_is_a_driver_exception() throws Exception {
    try (Pi4jHardware hardware = new Pi4jHardware(Pi4jHardware.Platform.MOCK)) {
      hardware.digitalOutput(6, false);

      assertThatThrownBy(() -> hardware.digitalOutput(6, false))
          .isInstanceOf(DriverException.class)
          .hasMessageStartingWith("cannot open GPIO 6 as output");
    }
  }

  @Test
  void close_shuts_pi4j_down_without_leaking_threads_and_refuses_later_opens() throws Exception {
    Set<Thread> before = liveNonDaemonThreads();
    Pi4jHardware hardware = new Pi4jHardware(Pi4jHardware.Platform.MOCK);
    hardware.i2c(1, 0x76).writeRegister(0x00, 1);
    hardware.digitalOutput(22, true).set(false);

    hardware.close();
    hardware.close(); // idempotent

    Awaitility.await()
        .pollInSameThread() // Awaitility's own poll thread would count as a leak
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(liveNonDaemonThreads()).isSubsetOf(before));
    assertThatThrownBy(() -> hardware.i2c(1, 0x76)).hasMessageContaining("hardware is closed");
  }

  @Test
  void hardware_that_is_never_used_starts_nothing() {
    Set<Thread> before = liveNonDaemonThreads();

    new Pi4jHardware(Pi4jHardware.Platform.MOCK).close();

    assertThat(liveNonDaemonThreads()).isSubsetOf(before);
  }
}
