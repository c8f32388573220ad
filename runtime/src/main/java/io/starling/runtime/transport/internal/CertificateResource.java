package io.starling.runtime.transport.internal;

import java.util.Optional;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * {@code /mesh/certificate}: the node's X.509 certificate in DER, so a receiver that has a
 * message's {@code kid} but not its signer's certificate can fetch it (docs/PROTOCOL.md). 4.04 when
 * the node is not enrolled.
 */
final class CertificateResource extends CoapResource {

  private final Optional<byte[]> der;

  CertificateResource(Optional<byte[]> der) {
    super("certificate");
    this.der = der;
    getAttributes().addResourceType("starling.certificate");
    getAttributes().addContentType(ContentFormats.OCTET_STREAM);
  }

  @Override
  public void handleGET(CoapExchange exchange) {
    int accept = exchange.getRequestOptions().getAccept();
    if (accept != ContentFormats.NONE && accept != ContentFormats.OCTET_STREAM) {
      exchange.respond(CoAP.ResponseCode.NOT_ACCEPTABLE, "served as 42 (DER)");
    } else if (der.isEmpty()) {
      exchange.respond(CoAP.ResponseCode.NOT_FOUND, "this node is not enrolled");
    } else {
      exchange.respond(CoAP.ResponseCode.CONTENT, der.get(), ContentFormats.OCTET_STREAM);
    }
  }
}
