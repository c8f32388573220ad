package io.starling.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** libcoap's {@code coap-client-notls} (Debian's libcoap3-bin): a CoAP client we did not write. */
final class CoapClientNotls {

  /** What the client printed. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    String text() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  private CoapClientNotls() {}

  /** {@code coap-client-notls -m get [-A accept] uri}. */
  static Result get(String uri, Integer accept) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("coap-client-notls", "-m", "get", "-B", "5"));
    if (accept != null) {
      command.addAll(List.of("-A", accept.toString()));
    }
    command.add(uri);
    Process p = new ProcessBuilder(command).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("coap-client-notls did not finish: " + command);
    }
    return new Result(p.exitValue(), out, err);
  }
}
