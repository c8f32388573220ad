package io.starling.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code starling peers --node coap://HOST:PORT}: a running node's neighbours as a table. */
@Command(
    name = "peers",
    mixinStandardHelpOptions = true,
    description = "Show a running node's neighbours (GET /mesh/peers).")
final class PeersCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--node",
      required = true,
      paramLabel = "coap://HOST:PORT",
      description = "The node to ask (port default 5683).")
  String node;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "table (default) or json.",
      defaultValue = "table")
  String format;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    MeshViews.Fetched fetched =
        MeshViews.fetch(spec, "peers", node, "/mesh/peers", format, List.of("table", "json"));
    if (fetched.exit() != null) {
      return fetched.exit();
    }
    if (format.equals("json")) {
      out.println(fetched.text());
      return 0;
    }
    print(fetched.json(), out);
    return 0;
  }

  static void print(JsonNode view, PrintWriter out) {
    if (!view.path("enabled").asBoolean()) {
      out.println("no mesh: " + view.path("reason").asText("the node joins no mesh"));
      return;
    }
    String row = "%-26s  %-16s  %-22s  %-9s  %-5s  %8s  %5s  %9s%n";
    out.printf(row, "ID", "NAME", "ADDRESS", "INTERFACE", "STATE", "RTT", "LOSS", "LAST SEEN");
    Instant now = Instant.now();
    for (JsonNode p : view.path("peers")) {
      out.printf(
          row,
          p.path("id").asText(),
          p.path("name").asText(),
          p.path("address").asText(),
          p.path("iface").asText("-"),
          p.path("state").asText(),
          p.path("rttMillis").isNumber()
              ? String.format(Locale.ROOT, "%.1f ms", p.path("rttMillis").asDouble())
              : "-",
          String.format(Locale.ROOT, "%.0f%%", p.path("loss").asDouble() * 100),
          ago(p.path("lastSeen").asText(), now));
    }
    long refused = 0;
    for (JsonNode n : view.path("rejected")) {
      refused += n.asLong();
    }
    if (refused > 0) {
      StringBuilder reasons = new StringBuilder();
      view.path("rejected")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().asLong() > 0) {
                  reasons.append(reasons.isEmpty() ? "" : ", ");
                  reasons.append(e.getKey()).append(' ').append(e.getValue().asLong());
                }
              });
      out.println(refused + " hellos refused: " + reasons);
    }
  }

  private static String ago(String instant, Instant now) {
    try {
      Duration d = Duration.between(Instant.parse(instant), now);
      return d.isNegative()
          ? "now"
          : String.format(Locale.ROOT, "%.1fs ago", d.toMillis() / 1000.0);
    } catch (DateTimeParseException e) {
      return instant;
    }
  }
}
