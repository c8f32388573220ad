package io.starling.runtime.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.starling.runtime.driver.spi.DriverConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a profile's {@code config} block into the plain values a {@link DriverConfig} carries:
 * strings, integers ({@link Integer}, {@link Long} or {@link java.math.BigInteger}, whatever the
 * value needs, hex {@code 0x76} already decoded by the YAML parser), doubles, booleans, lists and
 * maps.
 */
final class DriverConfigs {

  private DriverConfigs() {}

  /** The config of a block; a missing or null block is the empty config. */
  static DriverConfig of(JsonNode block) {
    if (block == null || !block.isObject()) {
      return DriverConfig.empty();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    block.properties().forEach(e -> values.put(e.getKey(), plain(e.getValue())));
    return DriverConfig.of(values);
  }

  private static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
      return map;
    } else if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(plain(item)));
      return list;
    } else if (node.isIntegralNumber() || node.isFloatingPointNumber()) {
      return node.numberValue();
    } else if (node.isBoolean()) {
      return node.booleanValue();
    } else if (node.isNull()) {
      return null;
    }
    return node.asText();
  }
}
