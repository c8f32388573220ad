package io.starling.bench;

import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.NoResponseOption;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * Raw Californium: a client endpoint sends NON POSTs of the 64-byte payload, with No-Response (RFC
 * 7967) as Starling's mesh datagrams carry, to a resource of a server endpoint; both on loopback,
 * each with the threads of a Starling node (one protocol thread, one UDP receiver, one UDP sender).
 * No signing, no log, no routing: the floor Starling's transport stands on.
 */
final class CoapPipe implements Pipe {

  private final ScheduledExecutorService serverMain = single("coap-server");
  private final ScheduledExecutorService serverTimer = single("coap-server-timer");
  private final ScheduledExecutorService clientMain = single("coap-client");
  private final ScheduledExecutorService clientTimer = single("coap-client-timer");
  private final CoapServer server;
  private final CoapEndpoint client;
  private final String uri;
  private volatile Recorder recorder;

  CoapPipe() throws Exception {
    Configuration config = config();
    server = new CoapServer(config);
    server.setExecutors(serverMain, serverTimer, true); // detached: closed here
    CoapEndpoint serverEndpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
            .build();
    server.addEndpoint(serverEndpoint);
    server.add(
        new CoapResource("bench") {
          @Override
          public void handlePOST(CoapExchange exchange) {
            Recorder r = recorder;
            if (r != null) {
              r.received(exchange.getRequestPayload());
            }
            exchange.respond(CoAP.ResponseCode.CHANGED); // suppressed by No-Response
          }
        });
    server.start();
    uri = "coap://127.0.0.1:" + serverEndpoint.getAddress().getPort() + "/bench";

    client =
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
            .build();
    client.setExecutors(clientMain, clientTimer);
    client.start();
  }

  private static Configuration config() {
    Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
    config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    return config;
  }

  private static ScheduledExecutorService single(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public String name() {
    return "Californium NON (raw)";
  }

  @Override
  public void recordInto(Recorder r) {
    this.recorder = r;
  }

  @Override
  public void send(byte[] payload) {
    Request request = Request.newPost();
    request.setType(CoAP.Type.NON);
    request.setURI(uri);
    request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
    request.getOptions().setNoResponse(NoResponseOption.SUPPRESS_ALL);
    request.setPayload(payload);
    client.sendRequest(request);
  }

  @Override
  public void close() throws InterruptedException {
    client.destroy();
    server.destroy();
    for (ScheduledExecutorService e :
        new ScheduledExecutorService[] {clientMain, clientTimer, serverMain, serverTimer}) {
      e.shutdownNow();
      e.awaitTermination(1, TimeUnit.SECONDS);
    }
  }
}
