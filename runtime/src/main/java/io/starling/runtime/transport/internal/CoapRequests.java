package io.starling.runtime.transport.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;

/**
 * One-shot CoAP requests (RFC 7252) for the command line: each call binds its own UDP endpoint on
 * an ephemeral port, sends one confirmable request, waits for the answer at most a timeout, and
 * closes the endpoint again. No Californium type appears in this API, and nothing is written to the
 * working directory (the configuration is built in code, {@link CoapSettings#client()}).
 *
 * <p>Meant for a handful of requests by a person or a script ({@code starling cmd}, {@code starling
 * peers}); a long-lived client would keep one endpoint instead.
 */
public final class CoapRequests {

  /** How long a request waits for its answer unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** No Accept option: the server picks its default representation. */
  public static final int NO_ACCEPT = -1;

  private CoapRequests() {}

  /**
   * A CoAP response.
   *
   * @param code the response code as printed by RFC 7252 §5.9, e.g. {@code "2.05"} or {@code
   *     "4.03"}
   * @param contentFormat the Content-Format option (RFC 7252 §5.10.3), or {@code -1} if absent
   * @param payload the payload; empty if none
   */
  public record Response(String code, int contentFormat, byte[] payload) {

    /** Rejects nulls and copies the payload. */
    public Response {
      Objects.requireNonNull(code, "code");
      payload = payload.clone();
    }

    /** Whether the code is of class 2 (Success, RFC 7252 §5.9.1). */
    public boolean isSuccess() {
      return code.startsWith("2.");
    }

    /** The payload as UTF-8 text (diagnostic payloads of error responses, RFC 7252 §5.5.2). */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The payload (a copy). */
    @Override
    public byte[] payload() {
      return payload.clone();
    }
  }

  /**
   * The server sent no answer within the timeout (or rejected the message with a Reset). A caller
   * may retry; the request may or may not have been processed.
   */
  public static final class NoAnswerException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}, which names the URI and the timeout. */
    public NoAnswerException(String message) {
      super(message);
    }
  }

  /** GET {@code uri} with Accept {@code accept} (or {@link #NO_ACCEPT}), waiting 5 s at most. */
  public static Response get(URI uri, int accept) throws IOException {
    return get(uri, accept, DEFAULT_TIMEOUT);
  }

  /**
   * GET {@code uri} with Accept {@code accept} (or {@link #NO_ACCEPT}).
   *
   * @throws NoAnswerException if no answer arrives within {@code timeout}
   * @throws IOException if the request cannot be sent (unknown host, no route, no socket)
   * @throws IllegalArgumentException if {@code uri} is not a {@code coap://} URI
   */
  public static Response get(URI uri, int accept, Duration timeout) throws IOException {
    Request request = Request.newGet();
    if (accept != NO_ACCEPT) {
      request.getOptions().setAccept(accept);
    }
    return exchange(uri, request, timeout);
  }

  /** POST {@code body} in {@code contentFormat} to {@code uri}, waiting 5 s at most. */
  public static Response post(URI uri, int contentFormat, byte[] body) throws IOException {
    return post(uri, contentFormat, body, DEFAULT_TIMEOUT);
  }

  /**
   * POST {@code body} in {@code contentFormat} to {@code uri}.
   *
   * @throws NoAnswerException if no answer arrives within {@code timeout}
   * @throws IOException if the request cannot be sent (unknown host, no route, no socket)
   * @throws IllegalArgumentException if {@code uri} is not a {@code coap://} URI
   */
  public static Response post(URI uri, int contentFormat, byte[] body, Duration timeout)
      throws IOException {
    Request request = Request.newPost();
    request.getOptions().setContentFormat(contentFormat);
    request.setPayload(body.clone());
    return exchange(uri, request, timeout);
  }

  private static Response exchange(URI uri, Request request, Duration timeout) throws IOException {
    if (!"coap".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(uri + " is not a coap://HOST[:PORT]/PATH URI");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout " + timeout + " must be positive");
    }
    try {
      request.setURI(uri); // resolves the host name
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot send to " + uri + ": " + e.getMessage(), e);
    }
    CoapEndpoint endpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(CoapSettings.client())
            .setInetSocketAddress(new InetSocketAddress(0))
            .build();
    try {
      endpoint.start();
      endpoint.sendRequest(request);
      org.eclipse.californium.core.coap.Response response =
          request.waitForResponse(Math.max(1, timeout.toMillis()));
      if (response != null) {
        return new Response(
            code(response.getCode()),
            response.getOptions().hasContentFormat()
                ? response.getOptions().getContentFormat()
                : MediaTypeRegistry.UNDEFINED,
            response.getPayload() == null ? new byte[0] : response.getPayload());
      }
      if (request.getSendError() != null) {
        throw new IOException(
            "cannot send to " + uri + ": " + request.getSendError().getMessage(),
            request.getSendError());
      }
      if (request.isRejected()) {
        throw new NoAnswerException(uri + " rejected the request with a CoAP Reset");
      }
      request.cancel();
      throw new NoAnswerException("no answer from " + uri + " within " + seconds(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      request.cancel();
      throw new IOException("interrupted while waiting for " + uri, e);
    } finally {
      endpoint.destroy();
    }
  }

  private static String code(CoAP.ResponseCode code) {
    return code.codeClass + "." + String.format("%02d", code.codeDetail);
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
