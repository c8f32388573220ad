package io.starling.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starling.runtime.transport.internal.CoapRequests;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code starling sub --node coap://HOST:PORT FILTER}: prints one JSON line per message delivered
 * to the node whose topic matches {@code FILTER}, until interrupted (or {@code --count} messages).
 */
@Command(
    name = "sub",
    mixinStandardHelpOptions = true,
    description = {
      "Subscribe through a running node and print one JSON line per message: topic, source, origin,"
          + " seq, time, hops and the SenML records (GET /mesh/messages). Every message has been"
          + " verified against its origin's signature by the node.",
      "FILTER is MQTT-style: greenhouse/+/air, greenhouse/#, #."
    })
final class SubCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--node",
      required = true,
      paramLabel = "coap://HOST:PORT",
      description = "The node to subscribe through (port default 5683).")
  String node;

  @Parameters(index = "0", paramLabel = "FILTER", description = "The topic filter.")
  String filter;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      description = "Exit after N messages (default: run until interrupted).")
  Long count;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI base;
    try {
      base = NodeUris.parse(node);
      io.starling.runtime.pubsub.Topics.checkFilter(filter);
    } catch (IllegalArgumentException e) {
      err.println("starling sub: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    String f = URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%2B");
    Long after = null;
    long printed = 0;
    int failures = 0;
    while (count == null || printed < count) {
      String query =
          "/mesh/messages?filter=" + f + (after == null ? "" : "&after=" + after + "&wait=10000");
      CoapRequests.Response r;
      try {
        r = CoapRequests.get(base.resolve(query), 50, Duration.ofSeconds(15));
      } catch (IOException e) {
        if (++failures == 1) {
          err.println("starling sub: " + e.getMessage() + "; retrying");
        }
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        after = null; // the node may have restarted: its inbox numbers start over
        continue;
      }
      failures = 0;
      if (!r.isSuccess()) {
        err.println("starling sub: " + r.code() + " " + r.text());
        return Main.EXIT_FAILURE;
      }
      JsonNode page;
      try {
        page = JSON.readTree(r.payload());
      } catch (IOException e) {
        err.println("starling sub: the node's answer is not JSON: " + e.getMessage());
        return Main.EXIT_FAILURE;
      }
      if (after == null) {
        err.println("subscribed to " + filter + " through " + base.getHost());
      }
      for (JsonNode m : page.path("messages")) {
        ObjectNode line = JSON.createObjectNode();
        for (String k : new String[] {"topic", "source", "origin", "seq", "time", "hops"}) {
          line.set(k, m.get(k));
        }
        for (String k : new String[] {"senml", "text", "base64"}) {
          if (m.hasNonNull(k)) {
            line.set(k, m.get(k));
          }
        }
        out.println(line.toString());
        printed++;
        if (count != null && printed >= count) {
          break;
        }
      }
      out.flush();
      after = page.path("next").asLong();
    }
    return 0;
  }
}
