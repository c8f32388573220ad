package io.starling.drivers.bme280;

import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.I2cDevice;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.SensorDriver;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A BME280 in normal mode: the chip measures on its own every standby period (datasheet §3.3.4), so
 * {@link #read()} only reads the latest result from the data registers — no measurement to trigger,
 * nothing to wait for, no sleep. With the {@value #STANDBY_MS} ms standby the values are at most
 * about that old; at oversampling 1 the chip draws a few µA.
 *
 * <p>Right after open the data registers still hold their reset values until the first conversion
 * ends (about 10 ms at oversampling 1, 113 ms at 16; datasheet §9.1); a read that early fails with
 * a {@link DriverException} and the runtime simply retries.
 */
final class Bme280Sensor implements SensorDriver {

  // Register map, datasheet §5.3 Table 18.
  static final int REG_CALIB_00 = 0x88;
  static final int REG_CHIP_ID = 0xD0;
  static final int REG_CALIB_26 = 0xE1;
  static final int REG_CTRL_HUM = 0xF2;
  static final int REG_STATUS = 0xF3;
  static final int REG_CTRL_MEAS = 0xF4;
  static final int REG_CONFIG = 0xF5;
  static final int REG_DATA = 0xF7; // press_msb .. hum_lsb, 8 bytes (§4 burst read)

  static final int CHIP_ID_BME280 = 0x60;
  static final int CHIP_ID_BMP280 = 0x58;

  /** Standby between conversions in normal mode. */
  static final int STANDBY_MS = 125;

  private static final int T_SB_125_MS = 0b010; // config[7:5], §5.4.6 Table 27
  private static final int MODE_SLEEP = 0b00;
  private static final int MODE_NORMAL = 0b11; // ctrl_meas[1:0], §5.4.5 Table 25
  private static final int STATUS_IM_UPDATE = 0x01; // NVM data being copied to image registers
  private static final int SKIPPED_20_BIT = 0x80000; // reset value / measurement skipped (§4)
  private static final int SKIPPED_16_BIT = 0x8000;

  private final I2cDevice device;
  private final Bme280Calibration calibration;
  private final Clock clock;

  private Bme280Sensor(I2cDevice device, Bme280Calibration calibration, Clock clock) {
    this.device = device;
    this.calibration = calibration;
    this.clock = clock;
  }

  /**
   * Checks the chip, reads its calibration and starts normal mode. Closes the device if anything
   * fails.
   */
  static Bme280Sensor open(I2cDevice device, int oversampling, Clock clock) throws DriverException {
    try {
      checkChipId(device.readRegister(REG_CHIP_ID) & 0xFF);
      if ((device.readRegister(REG_STATUS) & STATUS_IM_UPDATE) != 0) {
        throw new DriverException("BME280 is still copying its calibration from NVM; retry");
      }
      Bme280Calibration calibration =
          Bme280Calibration.parse(
              device.readRegisters(REG_CALIB_00, Bme280Calibration.BLOCK1_LENGTH),
              device.readRegisters(REG_CALIB_26, Bme280Calibration.BLOCK2_LENGTH));
      int osrs = osrs(oversampling);
      // config is only reliably written in sleep mode (§5.4.6), and ctrl_hum takes effect only
      // after a write to ctrl_meas (§5.4.3): sleep, config, ctrl_hum, then ctrl_meas with mode.
      device.writeRegister(REG_CTRL_MEAS, MODE_SLEEP);
      device.writeRegister(REG_CONFIG, T_SB_125_MS << 5);
      device.writeRegister(REG_CTRL_HUM, osrs);
      device.writeRegister(REG_CTRL_MEAS, osrs << 5 | osrs << 2 | MODE_NORMAL);
      return new Bme280Sensor(device, calibration, clock);
    } catch (DriverException | RuntimeException e) {
      device.close();
      throw e;
    }
  }

  private static void checkChipId(int id) throws DriverException {
    if (id == CHIP_ID_BMP280) {
      throw new DriverException(
          "chip id 0x58 is a BMP280, not a BME280 (it has no humidity sensor)");
    }
    if (id != CHIP_ID_BME280) {
      throw new DriverException(
          "chip id 0x" + Integer.toHexString(id) + " is not a BME280 (expected 0x60)");
    }
  }

  /** The osrs_x register code for an oversampling factor: 1→001 .. 16→101 (§5.4.3 Table 20). */
  static int osrs(int oversampling) {
    return Integer.numberOfTrailingZeros(oversampling) + 1;
  }

  @Override
  public List<Reading> read() throws DriverException {
    byte[] d = device.readRegisters(REG_DATA, 8);
    Instant now = clock.instant();
    int adcP = (d[0] & 0xFF) << 12 | (d[1] & 0xFF) << 4 | (d[2] & 0xFF) >> 4;
    int adcT = (d[3] & 0xFF) << 12 | (d[4] & 0xFF) << 4 | (d[5] & 0xFF) >> 4;
    int adcH = (d[6] & 0xFF) << 8 | (d[7] & 0xFF);
    if (adcT == SKIPPED_20_BIT) {
      throw new DriverException("BME280 has no temperature conversion yet (data at reset value)");
    }
    int tFine = calibration.fineTemperature(adcT);
    List<Reading> out = new ArrayList<>(3);
    out.add(Reading.of("temperature", "Cel", calibration.temperature(adcT), now));
    if (adcH != SKIPPED_16_BIT) {
      out.add(Reading.of("humidity", "%RH", calibration.humidity(adcH, tFine), now));
    }
    if (adcP != SKIPPED_20_BIT) {
      out.add(Reading.of("pressure", "Pa", calibration.pressure(adcP, tFine), now));
    }
    return out;
  }

  /** Puts the chip to sleep (no more conversions) and releases the bus device. */
  @Override
  public void close() {
    try {
      device.writeRegister(REG_CTRL_MEAS, MODE_SLEEP);
    } catch (DriverException ignored) {
      // Best effort: the chip may be gone; closing must not fail.
    } finally {
      device.close();
    }
  }
}
