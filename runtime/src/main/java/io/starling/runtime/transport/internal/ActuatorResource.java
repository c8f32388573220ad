package io.starling.runtime.transport.internal;

import io.starling.runtime.command.CommandResult;
import io.starling.runtime.command.CommandService;
import io.starling.runtime.driver.ActuatorChannel;
import io.starling.runtime.driver.spi.ActuatorState;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.wire.SenmlCodec;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * {@code /actuators/{name}}: GET the state as a one-record SenML pack named {@code state} (JSON by
 * default, CBOR on Accept 112). Commands (signed POSTs) are handled by the trust layer; until one
 * is configured the resource answers only GET, and other methods get 4.05.
 */
final class ActuatorResource extends CoapResource {

  private final ActuatorChannel channel;
  private final String baseName;
  private final CommandService commands;

  ActuatorResource(ActuatorChannel channel, String nodeName, CommandService commands) {
    super(channel.name());
    this.channel = channel;
    this.commands = commands;
    this.baseName = nodeName + "/" + channel.name() + "/";
    getAttributes().addResourceType("starling.actuator");
    getAttributes().addInterfaceDescription("core.a");
    getAttributes().addContentType(ContentFormats.SENML_JSON);
    getAttributes().addContentType(ContentFormats.SENML_CBOR);
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    CommandResult result =
        commands.handle(
            channel.name(),
            exchange.getRequestOptions().getContentFormat(),
            exchange.getRequestPayload());
    CoAP.ResponseCode code =
        switch (result.status()) {
          case CHANGED -> CoAP.ResponseCode.CHANGED;
          case BAD_REQUEST -> CoAP.ResponseCode.BAD_REQUEST;
          case UNAUTHORIZED -> CoAP.ResponseCode.UNAUTHORIZED;
          case FORBIDDEN -> CoAP.ResponseCode.FORBIDDEN;
          case UNAVAILABLE -> CoAP.ResponseCode.SERVICE_UNAVAILABLE;
        };
    exchange.respond(code, result.payload(), result.contentFormat());
  }

  @Override
  public void handleGET(CoapExchange exchange) {
    int accept = exchange.getRequestOptions().getAccept();
    if (accept != ContentFormats.NONE
        && accept != ContentFormats.SENML_JSON
        && accept != ContentFormats.SENML_CBOR) {
      exchange.respond(
          CoAP.ResponseCode.NOT_ACCEPTABLE,
          "actuators are served as 110 (application/senml+json) or 112 (application/senml+cbor)");
      return;
    }
    Optional<ActuatorState> state = channel.state();
    if (state.isEmpty()) {
      exchange.respond(
          CoAP.ResponseCode.SERVICE_UNAVAILABLE,
          "actuator " + channel.name() + " is unavailable: " + channel.health().error());
      return;
    }
    ActuatorState s = state.get();
    List<Reading> records = List.of(new Reading("state", s.unit(), s.value(), s.since()));
    if (accept == ContentFormats.SENML_CBOR) {
      exchange.respond(
          CoAP.ResponseCode.CONTENT,
          SenmlCodec.toCbor(baseName, records),
          ContentFormats.SENML_CBOR);
    } else {
      exchange.respond(
          CoAP.ResponseCode.CONTENT,
          SenmlCodec.toJson(baseName, records),
          ContentFormats.SENML_JSON);
    }
  }
}
