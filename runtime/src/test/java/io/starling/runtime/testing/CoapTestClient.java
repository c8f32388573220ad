package io.starling.runtime.testing;

import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * Real Californium clients for tests, each on its own loopback endpoint built from a configuration
 * made in code (the default endpoint would write Californium3.properties).
 */
public final class CoapTestClient implements AutoCloseable {

  private final CoapEndpoint endpoint;

  /** A client endpoint on an ephemeral loopback port. */
  public CoapTestClient() {
    Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
    endpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
            .build();
  }

  /** A client for {@code coap://host:port/path} using this endpoint. */
  public CoapClient client(InetSocketAddress server, String path) {
    CoapClient client =
        new CoapClient(
            "coap://" + server.getAddress().getHostAddress() + ":" + server.getPort() + path);
    client.setEndpoint(endpoint);
    client.setTimeout(5_000L);
    return client;
  }

  @Override
  public void close() {
    endpoint.destroy();
  }
}
