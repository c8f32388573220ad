package io.starling.drivers.bme280;

/**
 * A BME280's factory trimming parameters and the compensation formulas that turn raw ADC values
 * into physical units.
 *
 * <p>Storage layout: Bosch BME280 datasheet (BST-BME280-DS002), §4.2.2 Table 16. Formulas: the same
 * datasheet, §8.1 "Compensation formulas in double precision floating point" — chosen over the
 * integer versions of §4.2.3 because a Pi has an FPU and they read like the maths. Each value is
 * documented with its unit.
 *
 * @param t1 dig_T1, unsigned short
 * @param t2 dig_T2, signed short
 * @param t3 dig_T3, signed short
 * @param p1 dig_P1, unsigned short
 * @param p2 dig_P2 .. {@code p9} dig_P9, signed shorts
 * @param h1 dig_H1, unsigned char
 * @param h2 dig_H2, signed short
 * @param h3 dig_H3, unsigned char
 * @param h4 dig_H4, signed 12 bits
 * @param h5 dig_H5, signed 12 bits
 * @param h6 dig_H6, signed char
 */
record Bme280Calibration(
    int t1,
    int t2,
    int t3,
    int p1,
    int p2,
    int p3,
    int p4,
    int p5,
    int p6,
    int p7,
    int p8,
    int p9,
    int h1,
    int h2,
    int h3,
    int h4,
    int h5,
    int h6) {

  /** Length of the block at 0x88..0xA1 (calib00..calib25). */
  static final int BLOCK1_LENGTH = 26;

  /** Length of the block at 0xE1..0xE7 (calib26..calib32). */
  static final int BLOCK2_LENGTH = 7;

  /**
   * Decodes the two calibration blocks (datasheet Table 16). Bytes are little endian; every byte is
   * masked with {@code & 0xFF} before it is combined, and sign comes only from the casts the table
   * names.
   *
   * @param a the 26 bytes read from 0x88
   * @param b the 7 bytes read from 0xE1
   */
  static Bme280Calibration parse(byte[] a, byte[] b) {
    int e4 = b[3]; // signed: bits 11..4 of dig_H4
    int e5 = b[4] & 0xFF; // low nibble: bits 3..0 of dig_H4; high nibble: bits 3..0 of dig_H5
    int e6 = b[5]; // signed: bits 11..4 of dig_H5
    return new Bme280Calibration(
        u16(a, 0),
        s16(a, 2),
        s16(a, 4),
        u16(a, 6),
        s16(a, 8),
        s16(a, 10),
        s16(a, 12),
        s16(a, 14),
        s16(a, 16),
        s16(a, 18),
        s16(a, 20),
        s16(a, 22),
        a[25] & 0xFF,
        s16(b, 0),
        b[2] & 0xFF,
        e4 * 16 | (e5 & 0x0F),
        e6 * 16 | (e5 >> 4),
        b[6]);
  }

  private static int u16(byte[] bytes, int i) {
    return (bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8;
  }

  private static int s16(byte[] bytes, int i) {
    return (short) u16(bytes, i);
  }

  /**
   * The fine temperature {@code t_fine} that pressure and humidity compensation need (§8.1,
   * truncated to an integer as the datasheet's {@code BME280_S32_t} does).
   *
   * @param adcT the 20-bit raw temperature
   */
  int fineTemperature(int adcT) {
    return (int) temperatureSum(adcT);
  }

  /**
   * Temperature in degrees Celsius (§8.1 {@code BME280_compensate_T_double}).
   *
   * @param adcT the 20-bit raw temperature
   */
  double temperature(int adcT) {
    return temperatureSum(adcT) / 5120.0;
  }

  private double temperatureSum(int adcT) {
    double var1 = (adcT / 16384.0 - t1 / 1024.0) * t2;
    double d = adcT / 131072.0 - t1 / 8192.0;
    double var2 = d * d * t3;
    return var1 + var2;
  }

  /**
   * Pressure in pascals (§8.1 {@code BME280_compensate_P_double}); 0 if the calibration would
   * divide by zero, as the datasheet does.
   *
   * @param adcP the 20-bit raw pressure
   * @param tFine from {@link #fineTemperature(int)}
   */
  double pressure(int adcP, int tFine) {
    double var1 = tFine / 2.0 - 64000.0;
    double var2 = var1 * var1 * p6 / 32768.0;
    var2 = var2 + var1 * p5 * 2.0;
    var2 = var2 / 4.0 + p4 * 65536.0;
    var1 = (p3 * var1 * var1 / 524288.0 + p2 * var1) / 524288.0;
    var1 = (1.0 + var1 / 32768.0) * p1;
    if (var1 == 0.0) {
      return 0;
    }
    double p = 1048576.0 - adcP;
    p = (p - var2 / 4096.0) * 6250.0 / var1;
    var1 = p9 * p * p / 2147483648.0;
    var2 = p * p8 / 32768.0;
    return p + (var1 + var2 + p7) / 16.0;
  }

  /**
   * Relative humidity in percent, clamped to 0..100 (§8.1 {@code bme280_compensate_H_double}).
   *
   * @param adcH the 16-bit raw humidity
   * @param tFine from {@link #fineTemperature(int)}
   */
  double humidity(int adcH, int tFine) {
    double h = tFine - 76800.0;
    h =
        (adcH - (h4 * 64.0 + h5 / 16384.0 * h))
            * (h2 / 65536.0 * (1.0 + h6 / 67108864.0 * h * (1.0 + h3 / 67108864.0 * h)));
    h = h * (1.0 - h1 * h / 524288.0);
    return Math.clamp(h, 0.0, 100.0);
  }
}
