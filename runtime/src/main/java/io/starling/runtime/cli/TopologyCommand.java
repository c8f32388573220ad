package io.starling.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code starling topology --node coap://HOST:PORT [--format text|json|dot]}: the mesh as a node
 * sees it; {@code dot} is for Graphviz ({@code starling topology ... --format dot | dot -Tsvg}).
 */
@Command(
    name = "topology",
    mixinStandardHelpOptions = true,
    description = {
      "Show the mesh as a running node sees it: nodes and the links both ends report"
          + " (GET /mesh/topology).",
      "--format dot writes Graphviz: starling topology --node ... --format dot | dot -Tsvg > mesh.svg"
    })
final class TopologyCommand implements Callable<Integer> {

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
      description = "text (default), json or dot.",
      defaultValue = "text")
  String format;

  @Override
  public Integer call() {
    MeshViews.Fetched fetched =
        MeshViews.fetch(
            spec, "topology", node, "/mesh/topology", format, List.of("text", "json", "dot"));
    if (fetched.exit() != null) {
      return fetched.exit();
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case "json" -> out.println(fetched.text());
      case "dot" -> dot(fetched.json(), out);
      default -> text(fetched.json(), out);
    }
    return 0;
  }

  static void text(JsonNode view, PrintWriter out) {
    if (!view.path("enabled").asBoolean()) {
      out.println("no mesh: " + view.path("reason").asText("the node joins no mesh"));
      return;
    }
    out.println(view.path("nodes").size() + " nodes, " + view.path("links").size() + " links");
    for (JsonNode n : view.path("nodes")) {
      boolean self = n.path("id").asText().equals(view.path("node").asText());
      out.printf(
          "  %-16s %s%s%n",
          n.path("name").asText(), n.path("id").asText(), self ? "  (this node)" : "");
    }
    for (JsonNode l : view.path("links")) {
      out.printf(
          "  %-16s -- %-16s cost %d%n",
          l.path("aName").asText(), l.path("bName").asText(), l.path("cost").asInt());
    }
  }

  static void dot(JsonNode view, PrintWriter out) {
    out.println("graph mesh {");
    out.println("  node [shape=box, style=rounded];");
    for (JsonNode n : view.path("nodes")) {
      boolean self = n.path("id").asText().equals(view.path("node").asText());
      out.printf(
          "  \"%s\" [label=\"%s\"%s];%n",
          n.path("id").asText(),
          escape(n.path("name").asText()),
          self ? ", style=\"rounded,bold\"" : "");
    }
    for (JsonNode l : view.path("links")) {
      out.printf(
          "  \"%s\" -- \"%s\" [label=\"%d\"];%n",
          l.path("a").asText(), l.path("b").asText(), l.path("cost").asInt());
    }
    out.println("}");
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
