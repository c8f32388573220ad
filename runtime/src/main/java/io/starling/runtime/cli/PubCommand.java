package io.starling.runtime.cli;

import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.transport.internal.CoapRequests;
import io.starling.runtime.trust.TrustException;
import io.starling.runtime.wire.SenmlCodec;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code starling pub --node coap://HOST:PORT --identity DIR TOPIC VALUE}: asks a node to publish
 * one SenML reading on {@code TOPIC} to the mesh, with a request signed by an enrolled identity.
 */
@Command(
    name = "pub",
    mixinStandardHelpOptions = true,
    description = {
      "Publish one reading to the mesh through a running node (POST /mesh/publish). The request is"
          + " signed by --identity (starling enroll), whose certificate the node checks against the"
          + " mesh trust; the node publishes it as itself.",
      "VALUE: a number, true/false, or text."
    })
final class PubCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--node",
      required = true,
      paramLabel = "coap://HOST:PORT",
      description = "The node to publish through (port default 5683).")
  String node;

  @Option(
      names = "--identity",
      required = true,
      paramLabel = "DIR",
      description = "The signer: DIR/node.key and DIR/node.crt (starling enroll).")
  Path identityDir;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = "value",
      description = "The SenML record name (default ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--unit", paramLabel = "UNIT", description = "The SenML unit, e.g. Cel, %RH.")
  String unit;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic, e.g. greenhouse/notes.")
  String topic;

  @Parameters(index = "1", paramLabel = "VALUE", description = "The value.")
  String valueText;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI base;
    OperatorIdentity operator;
    try {
      base = NodeUris.parse(node);
      io.starling.runtime.pubsub.Topics.checkName(topic);
      operator = OperatorIdentity.load(identityDir);
    } catch (IllegalArgumentException | TrustException e) {
      err.println("starling pub: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    Instant now = Instant.now();
    byte[] senml =
        SenmlCodec.toCbor(
            topic + "/", List.of(new Reading(name, unit, CmdCommand.parseValue(valueText), now)));
    String request =
        "{\"topic\":\""
            + topic.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\",\"cf\":"
            + SenmlCodec.CONTENT_FORMAT_CBOR
            + ",\"body\":\""
            + Base64.getEncoder().encodeToString(senml)
            + "\"}";
    try (FileChannel lock =
        FileChannel.open(
            identityDir.resolve("sequence.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      lock.lock();
      SequenceCounter sequence =
          SequenceCounter.open(identityDir.resolve("sequence"), CmdCommand.SEQUENCE_BLOCK);
      byte[] envelope =
          StarlingEnvelope.sign(
              operator.identity(),
              sequence.next(),
              now,
              50,
              request.getBytes(StandardCharsets.UTF_8),
              Optional.of(operator.certificate().der()));
      CoapRequests.Response r =
          CoapRequests.post(base.resolve("/mesh/publish"), 18, envelope, Duration.ofSeconds(5));
      if (!r.isSuccess()) {
        err.println("starling pub: " + r.code() + " " + r.text());
        return Main.EXIT_FAILURE;
      }
      out.println(r.text());
      return 0;
    } catch (IOException e) {
      err.println("starling pub: " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
  }
}
