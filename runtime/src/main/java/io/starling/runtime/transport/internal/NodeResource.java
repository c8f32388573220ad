package io.starling.runtime.transport.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.node.NodeStatus;
import java.util.function.Supplier;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;

/** {@code /mesh/node}: who this node is, as JSON ({@link NodeStatus}). */
final class NodeResource extends CoapResource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<NodeStatus> status;

  NodeResource(Supplier<NodeStatus> status) {
    super("node");
    this.status = status;
    getAttributes().addResourceType("starling.node");
    getAttributes().addContentType(ContentFormats.JSON);
  }

  @Override
  public void handleGET(CoapExchange exchange) {
    int accept = exchange.getRequestOptions().getAccept();
    if (accept != ContentFormats.NONE && accept != ContentFormats.JSON) {
      exchange.respond(CoAP.ResponseCode.NOT_ACCEPTABLE, "served as 50 (application/json)");
      return;
    }
    try {
      exchange.respond(
          CoAP.ResponseCode.CONTENT, JSON.writeValueAsBytes(status.get()), ContentFormats.JSON);
    } catch (JsonProcessingException e) {
      exchange.respond(CoAP.ResponseCode.INTERNAL_SERVER_ERROR, "cannot encode the node status");
    }
  }
}
