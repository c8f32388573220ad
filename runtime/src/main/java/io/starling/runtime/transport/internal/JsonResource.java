package io.starling.runtime.transport.internal;

import io.starling.runtime.wire.RecordJson;
import java.util.function.Supplier;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;

/** A read-only JSON status resource ({@code /mesh/node}, {@code /mesh/stats}). */
final class JsonResource extends CoapResource {

  private final Supplier<?> body;

  JsonResource(String name, String resourceType, Supplier<?> body) {
    super(name);
    this.body = body;
    getAttributes().addResourceType(resourceType);
    getAttributes().addContentType(ContentFormats.JSON);
  }

  @Override
  public void handleGET(CoapExchange exchange) {
    int accept = exchange.getRequestOptions().getAccept();
    if (accept != ContentFormats.NONE && accept != ContentFormats.JSON) {
      exchange.respond(CoAP.ResponseCode.NOT_ACCEPTABLE, "served as 50 (application/json)");
      return;
    }
    exchange.respond(CoAP.ResponseCode.CONTENT, RecordJson.toJson(body.get()), ContentFormats.JSON);
  }
}
