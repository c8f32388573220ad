package io.starling.runtime.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mesh datagrams over two real CoAP endpoints on loopback. */
class CoapMeshTransportTest {

  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
  private final List<CoapFace> faces = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    faces.forEach(CoapFace::close);
    executor.shutdownNow();
  }

  private CoapFace face() throws Exception {
    FaceServices services =
        new FaceServices(
            () -> null,
            s -> Optional.empty(),
            null,
            Optional.empty(),
            () -> "{}",
            () -> "{}",
            () -> "{}",
            () -> "{}",
            (t, d) -> new CompletableFuture<>(),
            (f, a, w) -> new CompletableFuture<>(),
            (cf, body) -> new FaceServices.Publisher.Outcome(503, "no"),
            (to, envelope, timeout) -> new CompletableFuture<>());
    CoapFace face =
        new CoapFace(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            "n",
            List.of(),
            List.of(),
            services,
            Clock.systemUTC(),
            executor,
            executor);
    face.start();
    faces.add(face);
    return face;
  }

  @Test
  void a_datagram_larger_than_a_coap_block_arrives_whole_in_one_non_request() throws Exception {
    CoapFace a = face();
    CoapFace b = face();
    List<byte[]> received = new CopyOnWriteArrayList<>();
    b.meshTransport().register("advert", (from, message) -> received.add(message));
    byte[] big = new byte[6000]; // an advert with a certificate for a relay with ~80 links
    new Random(7).nextBytes(big);

    a.meshTransport().send(b.address(), "advert", big);

    await().atMost(Duration.ofSeconds(3)).until(() -> !received.isEmpty());
    assertThat(received.get(0)).isEqualTo(big);
  }

  @Test
  void a_link_keeps_working_past_65536_datagrams_when_message_ids_wrap() throws Exception {
    CoapFace a = face();
    CoapFace b = face();
    java.util.concurrent.atomic.AtomicInteger received =
        new java.util.concurrent.atomic.AtomicInteger();
    b.meshTransport().register("hello", (from, message) -> received.incrementAndGet());
    byte[] small = new byte[16];
    int sent = 0;
    // 70,000 datagrams to one node: more than the 16-bit message ID space, within seconds.
    while (sent < 70_000) {
      for (int i = 0; i < 100; i++) {
        a.meshTransport().send(b.address(), "hello", small);
      }
      sent += 100;
      int expected = sent;
      // paced by the receiver (bursts of 100), so the kernel's receive buffer does not overflow
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(1))
          .untilAsserted(
              () ->
                  assertThat(received.get())
                      .as("received of %d sent", expected)
                      .isGreaterThanOrEqualTo(expected - 200));
    }

    // Californium's deduplication would have dropped every datagram after the 65,536th
    assertThat(received.get()).isGreaterThan(69_000);
  }
}
