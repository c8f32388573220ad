package io.starling.runtime.transport.internal;

import java.time.Duration;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * {@code POST /mesh/cmd?to=NODE[&timeout=MS]} with a signed command (Content-Format 18, as for
 * {@code POST /actuators/{name}}): routes it to {@code NODE} (id or name) and answers with the
 * target's own answer — 2.04 with the new state, or the target's 4.00/4.01/4.03/5.03 with its
 * reason — or 4.04 if there is no route, 5.04 if the target does not answer within the timeout
 * (100..30000 ms, default 3000). Retrying is the caller's job, with a new envelope and the same
 * idempotency id.
 */
final class MeshCommandResource extends CoapResource {

  private final FaceServices.CommandRouter router;

  MeshCommandResource(FaceServices.CommandRouter router) {
    super("cmd");
    this.router = router;
    getAttributes().addResourceType("starling.cmd");
    getAttributes().addContentType(ContentFormats.COSE_SIGN1);
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    String to = null;
    long timeout = 3000;
    for (String q : exchange.getRequestOptions().getUriQuery()) {
      if (q.startsWith("to=")) {
        to = q.substring(3);
      } else if (q.startsWith("timeout=")) {
        try {
          timeout = Long.parseLong(q.substring(8));
        } catch (NumberFormatException e) {
          timeout = -1;
        }
      }
    }
    if (to == null || to.isEmpty() || timeout < 100 || timeout > 30_000) {
      exchange.respond(CoAP.ResponseCode.BAD_REQUEST, "use ?to=NODE[&timeout=100..30000]");
      return;
    }
    byte[] body = exchange.getRequestPayload();
    if (exchange.getRequestOptions().getContentFormat() != ContentFormats.COSE_SIGN1
        || body == null
        || body.length == 0) {
      exchange.respond(
          CoAP.ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
          "a command is a signed envelope, Content-Format 18");
      return;
    }
    exchange.accept();
    router
        .route(to, body, Duration.ofMillis(timeout))
        .thenAccept(
            a -> {
              CoAP.ResponseCode code =
                  switch (a.outcome()) {
                    case NO_ROUTE ->
                        a.status() == null
                            ? CoAP.ResponseCode.NOT_FOUND
                            : CoAP.ResponseCode.SERVICE_UNAVAILABLE;
                    case TIMEOUT -> CoAP.ResponseCode.GATEWAY_TIMEOUT;
                    case ANSWERED ->
                        switch (a.status()) {
                          case CHANGED -> CoAP.ResponseCode.CHANGED;
                          case BAD_REQUEST -> CoAP.ResponseCode.BAD_REQUEST;
                          case UNAUTHORIZED -> CoAP.ResponseCode.UNAUTHORIZED;
                          case FORBIDDEN -> CoAP.ResponseCode.FORBIDDEN;
                          case UNAVAILABLE -> CoAP.ResponseCode.SERVICE_UNAVAILABLE;
                        };
                  };
              exchange.respond(code, a.payload(), a.contentFormat());
            });
  }
}
