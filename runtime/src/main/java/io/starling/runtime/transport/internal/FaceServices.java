package io.starling.runtime.transport.internal;

import io.starling.runtime.command.CommandService;
import io.starling.runtime.driver.Sample;
import io.starling.runtime.node.NodeStatus;
import io.starling.runtime.node.PingView;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the CoAP face asks of the node behind it.
 *
 * @param status the node status for {@code /mesh/node}
 * @param signer signs a sample (COSE_Sign1 over SenML CBOR); empty if it cannot right now
 * @param commands verifies and applies actuator commands
 * @param certificate the node's certificate (DER), if it is enrolled
 * @param stats the node's counters for {@code /mesh/stats}, as a JSON-serialisable object
 * @param peers the node's neighbours for {@code /mesh/peers}, as a JSON-serialisable object
 * @param routes the node's routes for {@code /mesh/routes}
 * @param topology the mesh as the node sees it, for {@code /mesh/topology}
 * @param ping pings a node (id or name) across the mesh, for {@code POST /mesh/ping}
 * @param messages polls the node's inbox, for {@code GET /mesh/messages}
 * @param publish publishes on behalf of a signed operator request, for {@code POST /mesh/publish}
 * @param command routes a signed command to a node of the mesh, for {@code POST /mesh/cmd}
 */
public record FaceServices(
    Supplier<NodeStatus> status,
    Function<Sample, Optional<byte[]>> signer,
    CommandService commands,
    Optional<byte[]> certificate,
    Supplier<Object> stats,
    Supplier<Object> peers,
    Supplier<Object> routes,
    Supplier<Object> topology,
    BiFunction<String, Duration, CompletableFuture<PingView>> ping,
    Messages messages,
    Publisher publish,
    CommandRouter command) {

  /** Routes a signed command to a node of the mesh and waits for its answer. */
  @FunctionalInterface
  public interface CommandRouter {
    /** {@code to} is a node id or name. */
    CompletableFuture<io.starling.runtime.command.MeshCommands.Answer> route(
        String to, byte[] signedCommand, Duration timeout);
  }

  /** Polls the inbox. */
  @FunctionalInterface
  public interface Messages {
    /** See {@code MeshMembership#messages}; {@code after} null means from now on. */
    CompletableFuture<?> poll(String filter, Long after, Duration wait);
  }

  /** Handles a signed publish request. */
  @FunctionalInterface
  public interface Publisher {
    /** The outcome of one request. */
    record Outcome(int code, String text) {}

    /** Verifies the request and publishes; the CoAP code class*100+detail and a text/JSON body. */
    Outcome publish(int contentFormat, byte[] body);
  }
}
