package io.starling.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code starling routes --node coap://HOST:PORT}: a running node's routing table. */
@Command(
    name = "routes",
    mixinStandardHelpOptions = true,
    description = "Show a running node's routes to every node it can reach (GET /mesh/routes).")
final class RoutesCommand implements Callable<Integer> {

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
    MeshViews.Fetched fetched =
        MeshViews.fetch(spec, "routes", node, "/mesh/routes", format, List.of("table", "json"));
    if (fetched.exit() != null) {
      return fetched.exit();
    }
    PrintWriter out = spec.commandLine().getOut();
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
    out.println(
        "routes of "
            + view.path("name").asText()
            + " ("
            + view.path("node").asText()
            + "): "
            + view.path("routes").size()
            + " reachable");
    String row = "%-16s  %-26s  %-16s  %4s  %6s  %s%n";
    out.printf(row, "TO", "ID", "VIA", "HOPS", "COST", "PATH");
    for (JsonNode r : view.path("routes")) {
      List<String> path = new ArrayList<>();
      r.path("path").forEach(p -> path.add(p.asText()));
      out.printf(
          row,
          r.path("name").asText(),
          r.path("to").asText(),
          r.path("viaName").asText(),
          r.path("hops").asInt(),
          r.path("cost").asInt(),
          view.path("name").asText() + " > " + String.join(" > ", path));
    }
  }
}
