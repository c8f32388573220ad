package io.starling.drivers.system;

import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.SensorDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;

/**
 * Reads the node's health. Each source is optional: one that is missing (no thermal zone in a
 * container, no {@code MemAvailable} before Linux 3.14) is left out of the sample; only a sample
 * with nothing in it is an error.
 *
 * <p>Readings and their sources:
 *
 * <ul>
 *   <li>{@code cpu-temperature}, Cel: {@code sys/class/thermal/thermal_zone0/temp}, millidegrees
 *       Celsius (Linux thermal sysfs ABI)
 *   <li>{@code load-1m}, no unit: first field of {@code proc/loadavg}, the 1-minute load average
 *   <li>{@code memory-available}, B, and {@code memory-available-ratio}, {@code /} (0..1): {@code
 *       MemAvailable} and {@code MemTotal} of {@code proc/meminfo}, which are in KiB (written "kB")
 *   <li>{@code disk-free}, B: usable space of the file store holding {@code disk}
 * </ul>
 *
 * Units are SenML symbols (RFC 8428 §12.1).
 */
final class SystemSensor implements SensorDriver {

  private final Path thermal;
  private final Path loadavg;
  private final Path meminfo;
  private final Path disk;
  private final Clock clock;
  private final Logger log;

  SystemSensor(Path root, Path disk, Clock clock, Logger log) {
    this.thermal = root.resolve("sys/class/thermal/thermal_zone0/temp");
    this.loadavg = root.resolve("proc/loadavg");
    this.meminfo = root.resolve("proc/meminfo");
    this.disk = disk;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public List<Reading> read() throws DriverException {
    Instant now = clock.instant();
    List<Reading> out = new ArrayList<>(5);
    List<String> problems = new ArrayList<>();

    String temp = readOptional(thermal, problems);
    if (temp != null) {
      parse(thermal, temp.trim(), problems)
          .ifPresent(milli -> out.add(Reading.of("cpu-temperature", "Cel", milli / 1000.0, now)));
    }
    String load = readOptional(loadavg, problems);
    if (load != null) {
      String first = load.trim().split("\\s+")[0];
      try {
        out.add(Reading.of("load-1m", null, Double.parseDouble(first), now));
      } catch (NumberFormatException e) {
        problems.add(loadavg + ": '" + first + "' is not a number");
      }
    }
    String mem = readOptional(meminfo, problems);
    if (mem != null) {
      OptionalLong available = meminfoKib(mem, "MemAvailable", problems);
      OptionalLong total = meminfoKib(mem, "MemTotal", problems);
      if (available.isPresent()) {
        out.add(Reading.of("memory-available", "B", available.getAsLong() * 1024.0, now));
        if (total.isPresent() && total.getAsLong() > 0) {
          double ratio = (double) available.getAsLong() / total.getAsLong();
          out.add(Reading.of("memory-available-ratio", "/", ratio, now));
        }
      }
    }
    try {
      out.add(Reading.of("disk-free", "B", Files.getFileStore(disk).getUsableSpace(), now));
    } catch (IOException e) {
      problems.add(disk + ": " + e);
    }

    if (out.isEmpty()) {
      throw new DriverException("no system source could be read: " + String.join("; ", problems));
    }
    if (!problems.isEmpty()) {
      log.debug("system sources skipped: {}", problems);
    }
    return out;
  }

  /** The file's content, or {@code null} if it is missing or unreadable (noted in problems). */
  private static String readOptional(Path file, List<String> problems) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      problems.add(file + ": missing");
    } catch (IOException e) {
      problems.add(file + ": " + e);
    }
    return null;
  }

  private static OptionalLong parse(Path file, String text, List<String> problems) {
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      problems.add(file + ": '" + text + "' is not an integer");
      return OptionalLong.empty();
    }
  }

  /** The value of a {@code proc/meminfo} line such as {@code MemTotal: 3884376 kB}, in KiB. */
  private OptionalLong meminfoKib(String content, String field, List<String> problems) {
    for (String line : content.split("\n")) {
      if (line.startsWith(field + ":")) {
        String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
        return parse(meminfo, parts[0], problems);
      }
    }
    problems.add(meminfo + ": no " + field);
    return OptionalLong.empty();
  }
}
