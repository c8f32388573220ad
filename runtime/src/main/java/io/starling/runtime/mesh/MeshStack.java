package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.pubsub.Cursors;
import io.starling.runtime.pubsub.LogLimits;
import io.starling.runtime.pubsub.PubSubService;
import io.starling.runtime.pubsub.PubSubSettings;
import io.starling.runtime.pubsub.TopicLogs;
import io.starling.runtime.schedule.TaskScheduler;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.trust.ReplayGuard;
import io.starling.runtime.trust.TrustStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * A node's whole mesh protocol over one {@link MeshTransport}: neighbours (signed hellos),
 * link-state routing (signed adverts), hop-by-hop forwarding, end-to-end ping and publish/subscribe
 * with catch-up. The same code runs over CoAP in a node and over an in-memory network in tests,
 * where a hundred of these share one virtual clock.
 */
public final class MeshStack implements AutoCloseable {

  private final NeighbourService neighbours;
  private final LinkStateService linkState;
  private final Router router;
  private final MeshPing ping;
  private final TopicLogs logs;
  private final PubSubService pubsub;

  /**
   * The protocol of one node; nothing is sent until {@link #start()}.
   *
   * @param certificate the node's certificate (DER), signed by the mesh CA
   * @param port the node's CoAP port, announced in hellos
   * @param dataDir where the node keeps its topic logs ({@code log/}) and subscriber cursors
   *     ({@code cursors.json})
   * @throws IOException if the data directory cannot be used
   */
  public MeshStack(
      NodeIdentity identity,
      byte[] certificate,
      SequenceCounter sequence,
      String mesh,
      String name,
      int port,
      TrustStore trust,
      MeshTransport transport,
      TaskScheduler scheduler,
      Clock clock,
      NeighbourSettings neighbourSettings,
      RoutingSettings routingSettings,
      Path dataDir,
      LogLimits logLimits,
      PubSubSettings pubSubSettings)
      throws IOException {
    this.neighbours =
        new NeighbourService(
            identity,
            Optional.of(certificate),
            sequence,
            mesh,
            name,
            port,
            new EnvelopeVerifier(trust, ReplayGuard.defaults(), clock),
            transport,
            scheduler,
            clock,
            neighbourSettings);
    this.linkState =
        new LinkStateService(
            identity,
            certificate,
            sequence,
            mesh,
            name,
            new EnvelopeVerifier(trust, ReplayGuard.defaults(), clock),
            transport,
            scheduler,
            clock,
            routingSettings,
            neighbours);
    this.router = new Router(identity.id(), linkState, transport, routingSettings.hopLimit());
    EnvelopeVerifier pings = new EnvelopeVerifier(trust, ReplayGuard.defaults(), clock);
    pings.certificateSource(linkState::certificate);
    this.ping = new MeshPing(identity, sequence, router, pings, scheduler, clock);
    EnvelopeVerifier messages = new EnvelopeVerifier(trust, ReplayGuard.defaults(), clock);
    messages.certificateSource(linkState::certificate);
    this.logs =
        new TopicLogs(dataDir.resolve("log"), logLimits.maxBytes(), logLimits.maxAge(), clock);
    this.pubsub =
        new PubSubService(
            identity,
            sequence,
            linkState,
            router,
            messages,
            logs,
            Cursors.open(dataDir.resolve("cursors.json")),
            scheduler,
            clock,
            pubSubSettings);
  }

  /** Starts routing, forwarding and hellos. */
  public void start() {
    linkState.start();
    router.start();
    pubsub.start();
    neighbours.start();
  }

  /** The neighbour protocol. */
  public NeighbourService neighbours() {
    return neighbours;
  }

  /** Link-state routing: topology, routes, next hops. */
  public LinkStateService linkState() {
    return linkState;
  }

  /** Forwarding of routed messages. */
  public Router router() {
    return router;
  }

  /** End-to-end ping. */
  public MeshPing ping() {
    return ping;
  }

  /** Publish/subscribe. */
  public PubSubService pubsub() {
    return pubsub;
  }

  /** Stops advertising, says goodbye to the neighbours, writes cursors and closes the logs. */
  @Override
  public void close() {
    pubsub.close();
    linkState.close();
    neighbours.close();
    logs.close();
  }
}
