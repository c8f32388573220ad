package io.starling.runtime.transport.internal;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;

/** {@code POST /mesh/publish}: a signed request to publish as this node (see OperatorPublish). */
final class PublishResource extends CoapResource {

  private final FaceServices.Publisher publisher;

  PublishResource(FaceServices.Publisher publisher) {
    super("publish");
    this.publisher = publisher;
    getAttributes().addResourceType("starling.publish");
    getAttributes().addContentType(ContentFormats.COSE_SIGN1);
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    FaceServices.Publisher.Outcome o =
        publisher.publish(
            exchange.getRequestOptions().getContentFormat(), exchange.getRequestPayload());
    CoAP.ResponseCode code = CoAP.ResponseCode.valueOf(((o.code() / 100) << 5) | (o.code() % 100));
    if (o.code() == 204) {
      exchange.respond(code, o.text(), ContentFormats.JSON);
    } else {
      exchange.respond(code, o.text());
    }
  }
}
