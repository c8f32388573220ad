package io.starling.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.transport.internal.CoapRequests;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** Fetching a node's JSON view for the read-only mesh commands (routes, topology). */
final class MeshViews {

  private MeshViews() {}

  /** A fetched view, or the exit code to return. */
  record Fetched(Integer exit, String text, JsonNode json) {}

  static Fetched fetch(
      CommandLine.Model.CommandSpec spec,
      String command,
      String node,
      String path,
      String format,
      List<String> formats) {
    PrintWriter err = spec.commandLine().getErr();
    if (!formats.contains(format)) {
      err.println(
          "starling " + command + ": --format " + format + " is not " + String.join(", ", formats));
      return new Fetched(Main.EXIT_USAGE, null, null);
    }
    URI base;
    try {
      base = NodeUris.parse(node);
    } catch (IllegalArgumentException e) {
      err.println("starling " + command + ": " + e.getMessage());
      return new Fetched(Main.EXIT_USAGE, null, null);
    }
    CoapRequests.Response response;
    try {
      response = CoapRequests.get(base.resolve(path), 50);
    } catch (IOException e) {
      err.println("starling " + command + ": " + e.getMessage());
      return new Fetched(Main.EXIT_FAILURE, null, null);
    }
    if (!response.isSuccess()) {
      err.println("starling " + command + ": " + response.code() + " " + response.text());
      return new Fetched(Main.EXIT_FAILURE, null, null);
    }
    try {
      return new Fetched(
          null,
          new String(response.payload(), StandardCharsets.UTF_8),
          new ObjectMapper().readTree(response.payload()));
    } catch (IOException e) {
      err.println("starling " + command + ": the node's answer is not JSON: " + e.getMessage());
      return new Fetched(Main.EXIT_FAILURE, null, null);
    }
  }
}
