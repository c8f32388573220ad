package io.starling.runtime.transport.internal;

import io.starling.runtime.driver.ActuatorChannel;
import io.starling.runtime.driver.SensorChannel;
import io.starling.runtime.mesh.MeshTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.UdpMulticastConnector;
import org.eclipse.californium.elements.config.Configuration;

/**
 * A node's CoAP server (RFC 7252) and its resource tree:
 *
 * <pre>
 * /.well-known/core       RFC 6690 link format (Californium's discovery resource)
 * /sensors/{name}         {@link SensorResource}
 * /actuators/{name}       {@link ActuatorResource}
 * /mesh/node              node status, JSON ({@link JsonResource})
 * /mesh/stats             counters, JSON ({@link JsonResource})
 * /mesh/certificate       the node's certificate, DER ({@link CertificateResource})
 * /mesh/peers             neighbours, JSON
 * /mesh/routes            routes, JSON
 * /mesh/topology          nodes and two-ended links, JSON
 * /mesh/ping              POST a node id or name: end-to-end ping ({@link PingResource})
 * /mesh/messages          GET ?filter=: messages delivered here ({@link MessagesResource})
 * /mesh/publish           POST a signed request to publish ({@link PublishResource})
 * /mesh/cmd               POST ?to=NODE a signed command, routed ({@link MeshCommandResource})
 * /mesh/hello, /mesh/advert, /mesh/route   mesh datagrams ({@link CoapMeshTransport})
 * </pre>
 *
 * <p>Runs on executors owned by the node; binds one UDP endpoint.
 */
public final class CoapFace implements AutoCloseable {

  private final CoapServer server;
  private final CoapEndpoint endpoint;
  private final UDPConnector udp;
  private UdpMulticastConnector allCoapNodes;
  private final List<SensorResource> sensorResources = new ArrayList<>();
  private final CoapMeshTransport meshTransport;

  /**
   * Builds the server; nothing is bound until {@link #start()}.
   *
   * @param bind the local address and port (port 0 picks a free one)
   * @param main runs the protocol stage
   * @param secondary runs Californium's timers
   */
  public CoapFace(
      InetSocketAddress bind,
      String nodeName,
      List<SensorChannel> sensors,
      List<ActuatorChannel> actuators,
      FaceServices services,
      Clock clock,
      ScheduledExecutorService main,
      ScheduledExecutorService secondary) {
    Configuration config = CoapSettings.node();
    this.server = new CoapServer(config);
    server.setExecutors(main, secondary, true);
    this.udp = new UDPConnector(bind, config);
    CoapResource mesh = container("mesh");
    this.meshTransport = new CoapMeshTransport(udp, mesh);
    this.endpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setConnector(new MeshConnector(udp, meshTransport, main))
            .build();
    server.addEndpoint(endpoint);

    CoapResource sensorsRoot = container("sensors");
    for (SensorChannel channel : sensors) {
      SensorResource resource = new SensorResource(channel, clock, services.signer());
      sensorResources.add(resource);
      sensorsRoot.add(resource);
    }
    CoapResource actuatorsRoot = container("actuators");
    for (ActuatorChannel channel : actuators) {
      actuatorsRoot.add(new ActuatorResource(channel, nodeName, services.commands()));
    }
    mesh.add(new JsonResource("node", "starling.node", () -> services.status().get()));
    mesh.add(new JsonResource("stats", "starling.stats", services.stats()));
    mesh.add(new CertificateResource(services.certificate()));
    mesh.add(new JsonResource("peers", "starling.peers", services.peers()));
    mesh.add(new JsonResource("routes", "starling.routes", services.routes()));
    mesh.add(new JsonResource("topology", "starling.topology", services.topology()));
    mesh.add(new PingResource(services.ping()));
    mesh.add(new MessagesResource(services.messages()));
    mesh.add(new PublishResource(services.publish()));
    mesh.add(new MeshCommandResource(services.command()));
    server.add(sensorsRoot, actuatorsRoot, mesh);
  }

  private static CoapResource container(String name) {
    CoapResource resource = new CoapResource(name);
    resource.setVisible(false);
    return resource;
  }

  /**
   * Binds the endpoint and starts serving.
   *
   * @throws IOException if the address cannot be bound (port in use, no such address)
   */
  public void start() throws IOException {
    try {
      endpoint.start();
    } catch (IOException e) {
      throw new IOException("cannot bind CoAP to " + endpoint.getUri() + ": " + e.getMessage(), e);
    }
    server.start();
  }

  /** Mesh datagrams over this endpoint ({@code /mesh/<channel>}, NON, No-Response). */
  public MeshTransport meshTransport() {
    return meshTransport;
  }

  /**
   * Also receives datagrams sent to All-CoAP-Nodes (224.0.1.187, RFC 7252 §12.8) on this endpoint's
   * port, joined on the interface the system routes multicast to. Call after {@link #start()};
   * needs a fixed port, since senders address the group on their own port.
   *
   * @throws IOException if the group cannot be joined
   */
  public void joinAllCoapNodes() throws IOException {
    int port = address().getPort();
    UdpMulticastConnector mc =
        new UdpMulticastConnector.Builder()
            .setLocalAddress(CoAP.MULTICAST_IPV4, port)
            .addMulticastGroup(CoAP.MULTICAST_IPV4)
            .setMulticastReceiver(true)
            .setConfiguration(CoapSettings.node())
            .build();
    mc.start();
    udp.addMulticastReceiver(mc);
    allCoapNodes = mc;
  }

  /** The bound address (with the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return endpoint.getAddress();
  }

  /** Stops serving and releases the socket. */
  @Override
  public void close() {
    meshTransport.drain(500);
    if (allCoapNodes != null) {
      udp.removeMulticastReceiver(allCoapNodes);
      allCoapNodes.destroy();
    }
    sensorResources.forEach(SensorResource::detach);
    server.stop();
    server.destroy();
  }
}
