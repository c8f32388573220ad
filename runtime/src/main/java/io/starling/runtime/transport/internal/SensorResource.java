package io.starling.runtime.transport.internal;

import io.starling.runtime.driver.Health;
import io.starling.runtime.driver.Sample;
import io.starling.runtime.driver.SensorChannel;
import io.starling.runtime.wire.SenmlCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * {@code /sensors/{name}}: the latest sample as SenML JSON (ct 110, the default), CBOR (ct 112) or
 * SenML CBOR signed by the node in a COSE_Sign1 envelope (ct 18), observable (RFC 7641) with one
 * notification per new sample. A sensor whose driver is failing answers 5.03 with the reason and
 * when the runtime retries; observers are simply not notified until it recovers.
 */
final class SensorResource extends CoapResource {

  private final SensorChannel channel;
  private final Clock clock;
  private final Function<Sample, Optional<byte[]>> signer;
  private final Consumer<Sample> listener = sample -> changed();

  SensorResource(SensorChannel channel, Clock clock, Function<Sample, Optional<byte[]>> signer) {
    super(channel.name());
    this.channel = channel;
    this.clock = clock;
    this.signer = signer;
    setObservable(true);
    setObserveType(CoAP.Type.NON);
    getAttributes().setObservable();
    getAttributes().addResourceType("starling.sensor");
    getAttributes().addInterfaceDescription("core.s");
    getAttributes().addContentType(ContentFormats.SENML_JSON);
    getAttributes().addContentType(ContentFormats.SENML_CBOR);
    getAttributes().addContentType(ContentFormats.COSE_SIGN1);
    getAttributes().setTitle(channel.spec().topic());
    channel.addListener(listener);
  }

  /** Stops notifying observers of this sensor. */
  void detach() {
    channel.removeListener(listener);
    clearAndNotifyObserveRelations(CoAP.ResponseCode.SERVICE_UNAVAILABLE);
  }

  @Override
  public void handleGET(CoapExchange exchange) {
    int accept = exchange.getRequestOptions().getAccept();
    if (accept != ContentFormats.NONE
        && accept != ContentFormats.SENML_JSON
        && accept != ContentFormats.SENML_CBOR
        && accept != ContentFormats.COSE_SIGN1) {
      exchange.respond(
          CoAP.ResponseCode.NOT_ACCEPTABLE,
          "sensors are served as 110 (application/senml+json), 112 (application/senml+cbor)"
              + " or 18 (COSE_Sign1 over SenML CBOR)");
      return;
    }
    Health health = channel.health();
    Optional<Sample> latest = channel.latest();
    if (health.state() == Health.State.FAILING || latest.isEmpty()) {
      respondUnavailable(exchange, health);
      return;
    }
    Sample sample = latest.get();
    String baseName = sample.topic() + "/";
    long maxAge = Math.max(1, (channel.spec().interval().toMillis() + 999) / 1000);
    exchange.setMaxAge(maxAge);
    if (accept == ContentFormats.COSE_SIGN1) {
      Optional<byte[]> signed = signer.apply(sample);
      if (signed.isEmpty()) {
        exchange.respond(
            CoAP.ResponseCode.SERVICE_UNAVAILABLE, "cannot reserve a sequence number to sign");
      } else {
        exchange.respond(CoAP.ResponseCode.CONTENT, signed.get(), ContentFormats.COSE_SIGN1);
      }
    } else if (accept == ContentFormats.SENML_CBOR) {
      exchange.respond(
          CoAP.ResponseCode.CONTENT,
          SenmlCodec.toCbor(baseName, sample.readings()),
          ContentFormats.SENML_CBOR);
    } else {
      exchange.respond(
          CoAP.ResponseCode.CONTENT,
          SenmlCodec.toJson(baseName, sample.readings()),
          ContentFormats.SENML_JSON);
    }
  }

  private void respondUnavailable(CoapExchange exchange, Health health) {
    String text;
    if (health.state() == Health.State.FAILING) {
      Duration retry = Duration.between(clock.instant(), health.nextAttempt());
      long seconds = Math.max(0, (retry.toMillis() + 999) / 1000);
      exchange.setMaxAge(seconds);
      text =
          "sensor "
              + channel.name()
              + " is failing since "
              + health.since()
              + ": "
              + health.error()
              + "; next attempt in "
              + seconds
              + " s";
    } else {
      exchange.setMaxAge(1);
      text = "sensor " + channel.name() + " has no reading yet";
    }
    exchange.respond(
        CoAP.ResponseCode.SERVICE_UNAVAILABLE, text.getBytes(StandardCharsets.UTF_8), 0);
  }
}
