package io.starling.runtime.transport.internal;

import io.starling.runtime.node.PingView;
import io.starling.runtime.wire.RecordJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * {@code POST /mesh/ping} with a node id or name as the body (text): pings that node end to end
 * across the mesh and answers when the pong arrives or the timeout passes: 2.04 with the round trip
 * and hop counts, 4.04 if the node is unknown or unreachable, 5.04 on timeout, 5.03 if this node
 * joins no mesh, 5.00 if it cannot send the ping. The body of every answer is a {@link PingView}
 * (JSON). An optional query {@code timeout=MS} (100..10000, default 2000) bounds the wait.
 */
final class PingResource extends CoapResource {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final BiFunction<String, Duration, CompletableFuture<PingView>> ping;

  PingResource(BiFunction<String, Duration, CompletableFuture<PingView>> ping) {
    super("ping");
    this.ping = ping;
    getAttributes().addResourceType("starling.ping");
    getAttributes().addContentType(ContentFormats.JSON);
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    byte[] body = exchange.getRequestPayload();
    String target = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
    if (target.isEmpty() || target.length() > 64) {
      exchange.respond(
          CoAP.ResponseCode.BAD_REQUEST, "the body names the node to ping: its id or its name");
      return;
    }
    Duration timeout = DEFAULT_TIMEOUT;
    for (String q : exchange.getRequestOptions().getUriQuery()) {
      if (q.startsWith("timeout=")) {
        try {
          long ms = Long.parseLong(q.substring("timeout=".length()));
          if (ms < 100 || ms > 10_000) {
            throw new NumberFormatException();
          }
          timeout = Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
          exchange.respond(CoAP.ResponseCode.BAD_REQUEST, "timeout is 100..10000 ms");
          return;
        }
      }
    }
    exchange.accept();
    ping.apply(target, timeout)
        .thenAccept(
            view -> {
              CoAP.ResponseCode code =
                  switch (view.outcome()) {
                    case "REPLIED" -> CoAP.ResponseCode.CHANGED;
                    case "TIMEOUT" -> CoAP.ResponseCode.GATEWAY_TIMEOUT;
                    case "NO_ROUTE" -> CoAP.ResponseCode.NOT_FOUND;
                    case "DISABLED" -> CoAP.ResponseCode.SERVICE_UNAVAILABLE;
                    case "ERROR" -> CoAP.ResponseCode.INTERNAL_SERVER_ERROR;
                    default -> CoAP.ResponseCode.NOT_FOUND;
                  };
              exchange.respond(code, RecordJson.toJson(view), ContentFormats.JSON);
            });
  }
}
