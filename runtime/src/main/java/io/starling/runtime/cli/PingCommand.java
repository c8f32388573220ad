package io.starling.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.transport.internal.CoapRequests;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code starling ping --node coap://HOST:PORT TARGET}: asks a node to ping another across the
 * mesh, end to end (POST /mesh/ping), and prints each answer.
 */
@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = {
      "Ping a node across the mesh from a running node (POST /mesh/ping): the ping and its answer"
          + " are each signed by their origin and routed hop by hop.",
      "Exit 0 if every ping was answered, 1 otherwise."
    })
final class PingCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--node",
      required = true,
      paramLabel = "coap://HOST:PORT",
      description = "The node to ping from (port default 5683).")
  String node;

  @Parameters(index = "0", paramLabel = "TARGET", description = "The node to ping: name or id.")
  String target;

  @Option(
      names = {"-c", "--count"},
      paramLabel = "N",
      description = "How many pings (default 1).",
      defaultValue = "1")
  int count;

  @Option(
      names = {"-i", "--interval"},
      paramLabel = "MS",
      description = "Milliseconds between pings (default 1000).",
      defaultValue = "1000")
  long intervalMillis;

  @Option(
      names = {"-W", "--timeout"},
      paramLabel = "MS",
      description = "How long each ping waits for its answer, 100..10000 (default 2000).",
      defaultValue = "2000")
  long timeoutMillis;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI base;
    try {
      base = NodeUris.parse(node);
    } catch (IllegalArgumentException e) {
      err.println("starling ping: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    if (count < 1 || intervalMillis < 0 || timeoutMillis < 100 || timeoutMillis > 10_000) {
      err.println("starling ping: --count >= 1, --interval >= 0, --timeout 100..10000");
      return Main.EXIT_USAGE;
    }
    URI uri = base.resolve("/mesh/ping?timeout=" + timeoutMillis);
    int answered = 0;
    for (int i = 1; i <= count; i++) {
      long started = System.nanoTime();
      CoapRequests.Response response;
      try {
        response =
            CoapRequests.post(
                uri,
                0,
                target.getBytes(StandardCharsets.UTF_8),
                Duration.ofMillis(timeoutMillis + 3000));
      } catch (IOException e) {
        err.println("starling ping: " + e.getMessage());
        return Main.EXIT_FAILURE;
      }
      JsonNode view;
      try {
        view = new ObjectMapper().readTree(response.payload());
      } catch (IOException e) {
        err.println("starling ping: " + response.code() + " " + response.text());
        return Main.EXIT_FAILURE;
      }
      if (view == null || view.isMissingNode() || !view.has("outcome")) {
        err.println("starling ping: " + response.code() + " " + response.text());
        return Main.EXIT_FAILURE;
      }
      if ("REPLIED".equals(view.path("outcome").asText())) {
        answered++;
        out.printf(
            Locale.ROOT,
            "reply from %s (%s) via %s: seq=%d hops=%d/%d time=%.1f ms%n",
            view.path("name").asText(),
            view.path("target").asText(),
            view.path("via").asText(),
            i,
            view.path("hopsThere").asInt(),
            view.path("hopsBack").asInt(),
            view.path("rttMillis").asDouble());
      } else {
        out.printf(
            "seq=%d %s: %s%n", i, view.path("outcome").asText(), view.path("error").asText());
        if (view.path("outcome").asText().equals("UNKNOWN")
            || view.path("outcome").asText().equals("DISABLED")) {
          return Main.EXIT_FAILURE;
        }
      }
      out.flush();
      long wait = intervalMillis * 1_000_000 - (System.nanoTime() - started);
      if (i < count && wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
    if (count > 1) {
      out.printf(
          Locale.ROOT,
          "%d pings, %d answered, %.0f%% lost%n",
          count,
          answered,
          100.0 * (count - answered) / count);
    }
    return answered == count ? 0 : Main.EXIT_FAILURE;
  }
}
