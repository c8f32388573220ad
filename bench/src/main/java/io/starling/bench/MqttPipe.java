package io.starling.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Mosquitto on loopback through Eclipse Paho (MQTT 3.1.1): an asynchronous publisher client and a
 * subscriber client, both in memory (no file persistence), clean sessions. The publisher keeps at
 * most {@value #WINDOW} messages in flight (Paho's own limit for QoS 1; the same window for QoS 0,
 * where a message counts as done once written to the socket). Nagle's algorithm is off on the
 * clients' sockets, as {@code set_tcp_nodelay true} turns it off on the broker's: with it on, small
 * messages at a steady pace wait for delayed ACKs (40 ms stalls in p99).
 */
final class MqttPipe implements Pipe {

  static final int WINDOW = 1000;
  private static final String TOPIC = "bench/mqtt";

  private final int qos;
  private final MqttAsyncClient publisher;
  private final MqttClient subscriber;
  private final Semaphore window = new Semaphore(WINDOW - 10);
  private final AtomicLong failures = new AtomicLong();
  private volatile Recorder recorder;

  private final IMqttActionListener done =
      new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
          window.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
          failures.incrementAndGet();
          window.release();
        }
      };

  MqttPipe(int port, int qos) throws MqttException {
    this.qos = qos;
    String uri = "tcp://127.0.0.1:" + port;
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setMaxInflight(WINDOW);
    options.setKeepAliveInterval(60);
    options.setSocketFactory(new NoDelaySockets());

    subscriber = new MqttClient(uri, "bench-sub-q" + qos, new MemoryPersistence());
    subscriber.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            failures.incrementAndGet();
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            Recorder r = recorder;
            if (r != null) {
              r.received(message.getPayload());
            }
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    subscriber.connect(options);
    subscriber.subscribe(TOPIC, qos);

    publisher = new MqttAsyncClient(uri, "bench-pub-q" + qos, new MemoryPersistence());
    publisher.connect(options).waitForCompletion(10_000);
  }

  /** Plain TCP sockets with TCP_NODELAY; Paho calls {@link #createSocket()} then connects. */
  private static final class NoDelaySockets extends SocketFactory {
    private static Socket noDelay(Socket s) throws IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(new Socket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(new Socket(host, port, local, localPort));
    }
  }

  @Override
  public String name() {
    return "Mosquitto QoS " + qos + " (Paho)";
  }

  @Override
  public void recordInto(Recorder r) {
    this.recorder = r;
  }

  @Override
  public void send(byte[] payload) throws Exception {
    window.acquire();
    while (true) {
      try {
        publisher.publish(TOPIC, payload, qos, false, null, done);
        return;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
          window.release();
          throw e;
        }
        LockSupport.parkNanos(50_000); // Paho's count lags our window by a callback
      }
    }
  }

  @Override
  public String diagnostics() {
    long f = failures.get();
    return f == 0 ? "" : f + " publish failures or lost connections";
  }

  @Override
  public void close() throws MqttException {
    try {
      publisher.disconnect().waitForCompletion(5_000);
      subscriber.disconnect();
    } finally {
      publisher.close();
      subscriber.close();
    }
  }
}
