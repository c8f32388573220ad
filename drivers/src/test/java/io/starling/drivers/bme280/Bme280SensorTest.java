package io.starling.drivers.bme280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.starling.drivers.testing.FakeHardware;
import io.starling.drivers.testing.FakeI2cDevice;
import io.starling.drivers.testing.MutableClock;
import io.starling.drivers.testing.TestContext;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.SensorDriver;
import io.starling.runtime.driver.spi.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The BME280 driver against a fake register map.
 *
 * <p>Reference vector. Temperature and pressure: the worked example of Bosch's BMP280 datasheet
 * (BST-BMP280-DS001, §3.12 "Calculating pressure and temperature"), whose temperature and pressure
 * compensation is the same as the BME280's (BST-BME280-DS002 §4.2.3 and §8.1): dig_T1..3 = 27504,
 * 26435, -1000; dig_P1..9 = 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000; adc_T =
 * 519888, adc_P = 415148 give t_fine = 128422, T = 25.08 °C and p = 100653.27 Pa. (The same raw
 * values are used as the BME280 reference by other public drivers.)
 *
 * <p>Humidity: that example has no humidity, and we found no published BME280 humidity vector. The
 * expected value below was computed by hand from the datasheet formulas for dig_H1..6 = 75, 362, 0,
 * 313, 50, 30 (typical values), adc_H = 30000 and t_fine = 128422: the double-precision formula of
 * §8.1 gives 55.0007 %RH; the independent 32-bit integer formula of §4.2.3 gives 56317/1024 =
 * 54.9971 %RH, agreeing to its 1/1024 %RH resolution.
 */
class Bme280SensorTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private final Bme280SensorFactory factory = new Bme280SensorFactory();
  private final FakeI2cDevice chip = datasheetChip();

  /** A BME280 whose registers hold the reference vector. */
  static FakeI2cDevice datasheetChip() {
    FakeI2cDevice chip = new FakeI2cDevice();
    chip.set(0xD0, 0x60);
    chip.set(
        0x88, le(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000));
    chip.set(0xA1, 75); // dig_H1
    chip.set(0xE1, le(362)); // dig_H2
    chip.set(0xE3, 0); // dig_H3
    // dig_H4 = 313 = 0x139: 0xE4 = 0x13, 0xE5[3:0] = 0x9; dig_H5 = 50 = 0x032: 0xE6 = 0x03,
    // 0xE5[7:4] = 0x2 (datasheet Table 16)
    chip.set(0xE4, 0x13, 0x29, 0x03);
    chip.set(0xE7, 30); // dig_H6
    // adc_P = 415148 = 0x655AC, adc_T = 519888 = 0x7EED0, adc_H = 30000 = 0x7530 (§4 Table 18)
    chip.set(0xF7, 0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00, 0x75, 0x30);
    return chip;
  }

  /** Little-endian 16-bit words, as the calibration registers store them. */
  private static int[] le(int... words) {
    int[] bytes = new int[words.length * 2];
    for (int i = 0; i < words.length; i++) {
      bytes[2 * i] = words[i] & 0xFF;
      bytes[2 * i + 1] = (words[i] >> 8) & 0xFF;
    }
    return bytes;
  }

  private SensorDriver open(Map<String, ?> config, FakeI2cDevice device) throws Exception {
    factory.validate(DriverConfig.of(config));
    int address = config.containsKey("address") ? 0x77 : 0x76;
    FakeHardware hardware = new FakeHardware().withI2c(1, address, device);
    return factory.open(TestContext.of(config, new MutableClock(T0)).withHardware(hardware));
  }

  private static double value(List<Reading> readings, String name) {
    Reading r = readings.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    return ((Value.Number) r.value()).value();
  }

  @Test
  void bme280_compensates_datasheet_vector_to_celsius_percent_and_pascal() throws Exception {
    List<Reading> readings = open(Map.of(), chip).read();

    assertThat(readings)
        .extracting(Reading::name)
        .containsExactly("temperature", "humidity", "pressure");
    assertThat(readings).extracting(Reading::unit).containsExactly("Cel", "%RH", "Pa");
    assertThat(value(readings, "temperature")).isCloseTo(25.08, within(0.005));
    assertThat(value(readings, "pressure")).isCloseTo(100653.27, within(0.02));
    assertThat(value(readings, "humidity")).isCloseTo(55.0007, within(0.0001));
    assertThat(readings).allSatisfy(r -> assertThat(r.time()).isEqualTo(T0));
  }

  @Test
  void bme280_decodes_calibration_with_signs_and_split_nibbles() {
    Bme280Calibration c =
        Bme280Calibration.parse(
            chip.readRegistersUnchecked(0x88, 26), chip.readRegistersUnchecked(0xE1, 7));

    assertThat(c.t1()).isEqualTo(27504);
    assertThat(c.t3()).isEqualTo(-1000);
    assertThat(c.p1()).isEqualTo(36477); // above Short.MAX_VALUE: must stay unsigned
    assertThat(c.p8()).isEqualTo(-14600);
    assertThat(c.h1()).isEqualTo(75);
    assertThat(c.h2()).isEqualTo(362);
    assertThat(c.h4()).isEqualTo(313);
    assertThat(c.h5()).isEqualTo(50);
    assertThat(c.h6()).isEqualTo(30);
    assertThat(c.fineTemperature(519888)).isEqualTo(128422);
  }

  @Test
  void bme280_decodes_negative_12_bit_humidity_parameters() {
    FakeI2cDevice c = new FakeI2cDevice().set(0xE4, 0xEA, 0xF3, 0xFE).set(0xE7, 0xE2);

    Bme280Calibration cal =
        Bme280Calibration.parse(new byte[26], c.readRegistersUnchecked(0xE1, 7));

    assertThat(cal.h4()).isEqualTo(0xEA * 16 + 3 - 4096); // -349
    assertThat(cal.h5()).isEqualTo(0xFE * 16 + 0xF - 4096); // -17
    assertThat(cal.h6()).isEqualTo(-30);
  }

  @Test
  void bme280_starts_normal_mode_with_configured_oversampling() throws Exception {
    open(Map.of("oversampling", 4), chip);

    assertThat(chip.writes())
        .containsExactly(
            new int[] {0xF4, 0x00}, // sleep, so that config is accepted
            new int[] {0xF5, 0b010_000_00}, // t_sb 125 ms, filter off
            new int[] {0xF2, 0b011}, // osrs_h x4
            new int[] {0xF4, 0b011_011_11}); // osrs_t x4, osrs_p x4, normal mode
  }

  @Test
  void bme280_rejects_a_bmp280_by_chip_id_and_releases_the_device() {
    chip.set(0xD0, 0x58);

    assertThatThrownBy(() -> open(Map.of(), chip))
        .isInstanceOf(DriverException.class)
        .hasMessage("chip id 0x58 is a BMP280, not a BME280 (it has no humidity sensor)");
    assertThat(chip.isClosed()).isTrue();
  }

  @Test
  void bme280_rejects_an_unknown_chip_id() {
    chip.set(0xD0, 0xFF);

    assertThatThrownBy(() -> open(Map.of(), chip))
        .hasMessage("chip id 0xff is not a BME280 (expected 0x60)");
  }

  @Test
  void bme280_read_before_the_first_conversion_fails_then_recovers() throws Exception {
    chip.set(0xF7, 0x80, 0x00, 0x00, 0x80, 0x00, 0x00, 0x80, 0x00); // reset values
    SensorDriver sensor = open(Map.of(), chip);

    assertThatThrownBy(sensor::read).hasMessageContaining("no temperature conversion yet");
    chip.set(0xF7, 0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00, 0x75, 0x30);
    assertThat(sensor.read()).hasSize(3);
  }

  @Test
  void bme280_bus_failure_is_a_driver_exception() throws Exception {
    SensorDriver sensor = open(Map.of(), chip);
    chip.fail();

    assertThatThrownBy(sensor::read).isInstanceOf(DriverException.class);
  }

  @Test
  void bme280_close_puts_the_chip_to_sleep_and_releases_the_device() throws Exception {
    SensorDriver sensor = open(Map.of(), chip);

    sensor.close();

    assertThat(chip.get(0xF4) & 0b11).isZero();
    assertThat(chip.isClosed()).isTrue();
  }

  @Test
  void bme280_accepts_the_second_address_in_hex() throws Exception {
    assertThat(open(Map.of("address", "0x77"), chip).read()).hasSize(3);
  }

  @Test
  void bme280_rejects_invalid_config() {
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("address", "0x78"))))
        .isInstanceOf(InvalidDriverConfigException.class)
        .hasMessage("address 0x78 is not 0x76 or 0x77 (the only addresses a BME280 has)");
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("oversampling", 3))))
        .hasMessage("oversampling 3 is not one of [1, 2, 4, 8, 16]");
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("bus", 11))))
        .hasMessageContaining("bus 11 is out of range");
  }
}
