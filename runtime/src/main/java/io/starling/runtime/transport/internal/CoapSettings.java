package io.starling.runtime.transport.internal;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * Californium configuration built in code. Never {@code Configuration.getStandard()}, which writes
 * {@code Californium3.properties} into the working directory.
 */
final class CoapSettings {

  /**
   * The receive buffer (Californium's default is 2048): mesh datagrams are NON requests with
   * No-Response, which cannot go block-wise, and an advert carrying a certificate for a relay with
   * many links, or a database summary of a 300-node mesh, is up to 8 KiB; IP fragments them on the
   * way. Responses still go block-wise above 1024 bytes ({@link CoapMeshTransport}).
   */
  static final int DATAGRAM_SIZE = 8192 + 1024;

  private CoapSettings() {}

  private static Configuration base() {
    Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
    config.set(UdpConfig.UDP_DATAGRAM_SIZE, DATAGRAM_SIZE);
    return config;
  }

  /** The configuration of a node's endpoint: one receiver and one sender thread. */
  static Configuration node() {
    Configuration config = base();
    // Threads are set explicitly and executors are shared (CoapFace#setExecutors):
    // an idle node stays within its thread budget (docs/ARCHITECTURE.md).
    config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    return config;
  }

  /**
   * The configuration of a one-shot client endpoint ({@link CoapRequests}): one thread per stage,
   * as it carries one request at a time.
   */
  static Configuration client() {
    Configuration config = base();
    config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    return config;
  }
}
