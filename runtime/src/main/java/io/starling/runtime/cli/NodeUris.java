package io.starling.runtime.cli;

import io.starling.runtime.profile.NetworkSettings;
import java.net.URI;
import java.net.URISyntaxException;

/** The {@code --node coap://HOST:PORT} option of the client commands. */
final class NodeUris {

  private NodeUris() {}

  /**
   * Parses {@code coap://HOST[:PORT]} with no path, query or user info; port 5683 if absent. The
   * unspecified addresses a node's ready line shows ({@code [::]}, {@code 0.0.0.0}) mean this host.
   *
   * @throws IllegalArgumentException naming the option, the value and the expected form
   */
  static URI parse(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--node " + text + " is not a URI: " + e.getReason());
    }
    boolean bare =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && uri.getRawUserInfo() == null;
    if (!"coap".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || !bare) {
      throw new IllegalArgumentException("--node " + text + " is not of the form coap://HOST:PORT");
    }
    // As a destination, the unspecified address means this host; answers would otherwise come
    // from another address than the one asked.
    String host =
        switch (uri.getHost()) {
          case "[::]", "[0:0:0:0:0:0:0:0]" -> "[::1]";
          case "0.0.0.0" -> "127.0.0.1";
          default -> uri.getHost();
        };
    int port = uri.getPort() == -1 ? NetworkSettings.DEFAULT_PORT : uri.getPort();
    try {
      return new URI("coap", null, host, port, "/", null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--node " + text + " is not a URI: " + e.getReason());
    }
  }
}
