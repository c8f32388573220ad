package io.starling.runtime.transport.internal;

import io.starling.runtime.wire.RecordJson;
import java.time.Duration;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * {@code GET /mesh/messages?filter=F[&after=N][&wait=MS]}: messages delivered to this node whose
 * topics match {@code F}, after inbox number {@code N}, waiting up to {@code MS} (0..30000, default
 * 10000) for the first. Without {@code after} it answers at once with the current inbox number to
 * start from. Each poll keeps a subscription to {@code F} alive for 30 s, so a reader ({@code
 * starling sub}) needs no other setup. JSON, see {@code MessagesView}.
 */
final class MessagesResource extends CoapResource {

  private final FaceServices.Messages messages;

  MessagesResource(FaceServices.Messages messages) {
    super("messages");
    this.messages = messages;
    getAttributes().addResourceType("starling.messages");
    getAttributes().addContentType(ContentFormats.JSON);
  }

  @Override
  public void handleGET(CoapExchange exchange) {
    String filter = null;
    Long after = null;
    long wait = 10_000;
    try {
      for (String q : exchange.getRequestOptions().getUriQuery()) {
        int eq = q.indexOf('=');
        String key = eq < 0 ? q : q.substring(0, eq);
        String value = eq < 0 ? "" : q.substring(eq + 1);
        switch (key) {
          case "filter" -> filter = value;
          case "after" -> after = Long.parseLong(value);
          case "wait" -> wait = Long.parseLong(value);
          default -> {}
        }
      }
    } catch (NumberFormatException e) {
      exchange.respond(CoAP.ResponseCode.BAD_REQUEST, "after and wait are integers");
      return;
    }
    if (filter == null || filter.isEmpty() || wait < 0 || wait > 30_000) {
      exchange.respond(
          CoAP.ResponseCode.BAD_REQUEST, "use ?filter=TOPIC-FILTER[&after=N][&wait=0..30000]");
      return;
    }
    try {
      exchange.accept();
      messages
          .poll(filter, after, Duration.ofMillis(wait))
          .whenComplete(
              (view, error) -> {
                if (error != null) {
                  Throwable cause = error.getCause() != null ? error.getCause() : error;
                  exchange.respond(CoAP.ResponseCode.SERVICE_UNAVAILABLE, cause.getMessage());
                } else {
                  exchange.respond(
                      CoAP.ResponseCode.CONTENT, RecordJson.toJson(view), ContentFormats.JSON);
                }
              });
    } catch (IllegalArgumentException e) {
      exchange.respond(CoAP.ResponseCode.BAD_REQUEST, e.getMessage());
    }
  }
}
