package io.starling.runtime.cli;

import io.starling.runtime.command.CommandMessage;
import io.starling.runtime.driver.spi.Value;
import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.transport.internal.CoapRequests;
import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.TrustException;
import io.starling.runtime.util.Durations;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code starling cmd --node coap://HOST:PORT --identity DIR ACTUATOR VALUE}: signs a command with
 * an operator's enrolled identity and sends it to one actuator (docs/PROTOCOL.md, commands).
 *
 * <p>The steps: load {@code DIR/node.key} and {@code DIR/node.crt}; ask the node its id ({@code GET
 * /mesh/node}), which the signed command names so it cannot be replayed against another node; sign
 * a {@link CommandMessage} with a fresh idempotency id in a COSE_Sign1 envelope carrying the
 * certificate (x5chain) and a sequence number from {@code DIR/sequence}; POST it to {@code
 * /actuators/ACTUATOR}. A request that gets no answer is sent again — a new envelope with a new
 * sequence number, the same idempotency id — so the node applies the command at most once.
 */
@Command(
    name = "cmd",
    mixinStandardHelpOptions = true,
    description = {
      "Send a signed command to an actuator of a running node and print its new state.",
      "",
      "The command is signed with the identity in DIR (node.key, node.crt from starling enroll);"
          + " the node checks the certificate against its mesh CA and the actuator's allow groups."
          + " Sequence numbers are kept in DIR/sequence, so they never repeat.",
      "",
      "Retries: when the node does not answer within --timeout, the command is sent again up to"
          + " --retries more times, each time in a new envelope (new sequence number) with the"
          + " same command id. The node remembers command ids, so the command is applied at most"
          + " once even if only its answer was lost. If every attempt goes unanswered, the command"
          + " may or may not have been applied; resending it with --id ID keeps it at most once.",
      "",
      "VALUE: on, off, true or false is a boolean; a number is a number; anything else a string.",
      "",
      "Exit status: 0 applied; 1 refused by the node (4.xx, 5.xx) or no answer; 2 bad usage or"
          + " identity.",
    })
final class CmdCommand implements Callable<Integer> {

  private static final String NAME = "starling cmd";
  private static final int DEFAULT_PORT = 5683; // RFC 7252 §6.1
  private static final int CONTENT_FORMAT_JSON = 50;
  private static final int CONTENT_FORMAT_COSE_SIGN1 = 18;
  private static final int CONTENT_FORMAT_SENML_JSON = 110;
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  private static final int MAX_RETRIES = 10;
  private static final Pattern ACTUATOR = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  /** Numbers a CLI run reserves per write of DIR/sequence: a run signs at most 1 + retries. */
  static final int SEQUENCE_BLOCK = 16;

  /** How {@code cmd} reaches a node; the seam tests use to lose answers. */
  interface Transport {
    CoapRequests.Response get(URI uri, int accept, Duration timeout) throws IOException;

    CoapRequests.Response post(URI uri, int contentFormat, byte[] body, Duration timeout)
        throws IOException;
  }

  /** The real thing: one-shot CoAP requests. */
  static final Transport COAP =
      new Transport() {
        @Override
        public CoapRequests.Response get(URI uri, int accept, Duration timeout) throws IOException {
          return CoapRequests.get(uri, accept, timeout);
        }

        @Override
        public CoapRequests.Response post(URI uri, int contentFormat, byte[] body, Duration t)
            throws IOException {
          return CoapRequests.post(uri, contentFormat, body, t);
        }
      };

  @Spec private CommandSpec spec;

  @Option(
      names = "--node",
      required = true,
      paramLabel = "coap://HOST:PORT",
      description = "The node to command (port default 5683).")
  private String node;

  @Option(
      names = "--target",
      paramLabel = "NODE",
      description =
          "The node with the actuator, by name or id, anywhere in the mesh: the command is routed"
              + " there hop by hop from --node, which answers with the target's result. Default:"
              + " --node itself.")
  private String targetNode;

  @Option(
      names = "--identity",
      required = true,
      paramLabel = "DIR",
      description = "The operator's identity: DIR/node.key and DIR/node.crt (starling enroll).")
  private Path identityDir;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description = "How long to wait for each answer: 500ms, 5s, 1m. Default: ${DEFAULT-VALUE}.")
  private String timeoutText;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "2",
      description = "Sends after the first when no answer comes (0-10). Default: ${DEFAULT-VALUE}.")
  private int retries;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description =
          "The command id (8-64 of A-Za-z0-9_-), to resend a command that went unanswered."
              + " Default: 16 random bytes, base64url.")
  private String commandId;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "warn",
      description = "error, warn (default), info, debug or trace.")
  private String logLevel;

  @Parameters(index = "0", paramLabel = "ACTUATOR", description = "The actuator's name.")
  private String actuator;

  @Parameters(index = "1", paramLabel = "VALUE", description = "on, off, true, false, a number…")
  private String valueText;

  private final Transport transport;
  private final SecureRandom random;
  private final Clock clock;

  /** The command as the CLI runs it. */
  CmdCommand() {
    this(COAP, new SecureRandom(), Clock.systemUTC());
  }

  /** A command with another transport (tests). */
  CmdCommand(Transport transport, SecureRandom random, Clock clock) {
    this.transport = transport;
    this.random = random;
    this.clock = clock;
  }

  /** Bad usage or identity: exit 2 with the message. */
  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return send(out, err);
    } catch (UsageException e) {
      err.println(NAME + ": " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (IOException e) {
      err.println(NAME + ": " + e.getMessage());
      return Main.EXIT_FAILURE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int send(PrintWriter out, PrintWriter err) throws UsageException, IOException {
    if (!Logging.setLevel(logLevel)) {
      throw new UsageException("--log-level " + logLevel + " is not one of " + Logging.LEVELS);
    }
    Duration timeout = timeout();
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new UsageException(
          "--retries " + retries + " is out of range [0, " + MAX_RETRIES + "]");
    }
    URI base = nodeUri(node);
    if (!ACTUATOR.matcher(actuator).matches()) {
      throw new UsageException(
          "actuator '"
              + actuator
              + "' is not a name (1 to 63 lower-case letters, digits, '-' or '_')");
    }
    Value value = parseValue(valueText);
    String id = commandId != null ? commandId : randomId(random);
    OperatorIdentity operator;
    try {
      operator = OperatorIdentity.load(identityDir);
    } catch (TrustException e) {
      throw new UsageException(e.getMessage());
    }
    NodeIdentity identity = operator.identity();
    DeviceCertificate certificate = operator.certificate();
    try {
      new CommandMessage(identity.id(), actuator, value, id); // checks --id before any request
    } catch (IllegalArgumentException e) {
      throw new UsageException("--id: " + e.getMessage());
    }
    int attempts = retries + 1;

    // One cmd at a time per identity: SequenceCounter is not safe for two processes on a file.
    try (FileChannel lockFile =
        FileChannel.open(
            identityDir.resolve("sequence.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      lockFile.lock(); // released when the channel closes
      SequenceCounter sequence =
          SequenceCounter.open(identityDir.resolve("sequence"), SEQUENCE_BLOCK);
      CmdResponses.NodeStatus target =
          targetNode == null
              ? nodeStatus(base.resolve("/mesh/node"), timeout, attempts, err)
              : meshNode(base.resolve("/mesh/topology"), timeout, attempts, err);
      CommandMessage message = new CommandMessage(target.id(), actuator, value, id);
      URI uri =
          targetNode == null
              ? base.resolve("/actuators/" + actuator)
              : base.resolve(
                  "/mesh/cmd?to="
                      + target.id()
                      + "&timeout="
                      + Math.min(30_000, Math.max(100, timeout.toMillis() * 4 / 5)));
      CoapRequests.Response response = null;
      for (int attempt = 1; response == null; attempt++) {
        byte[] envelope =
            StarlingEnvelope.sign(
                identity,
                sequence.next(),
                clock.instant(),
                CommandMessage.CONTENT_FORMAT,
                message.toJson(),
                Optional.of(certificate.der()));
        try {
          response = transport.post(uri, CONTENT_FORMAT_COSE_SIGN1, envelope, timeout);
          if (targetNode != null && response.code().equals("5.04") && attempt < attempts) {
            // the entry node got no answer from the target in time: like no answer at all
            err.println(
                NAME
                    + ": "
                    + response.text().strip()
                    + "; sending again ("
                    + (attempt + 1)
                    + " of "
                    + attempts
                    + ") with the same command id "
                    + id);
            err.flush();
            response = null;
          }
        } catch (CoapRequests.NoAnswerException e) {
          if (attempt == attempts) {
            throw new IOException(
                e.getMessage()
                    + " ("
                    + attempts
                    + (attempts == 1 ? " attempt" : " attempts")
                    + "); command "
                    + id
                    + " may or may not have been applied: check the actuator, or resend with"
                    + " --id "
                    + id
                    + " to apply it at most once",
                e);
          }
          err.println(
              NAME
                  + ": "
                  + e.getMessage()
                  + "; sending again ("
                  + (attempt + 1)
                  + " of "
                  + attempts
                  + ") with the same command id "
                  + id);
          err.flush();
        }
      }
      return report(response, target, message, out, err);
    }
  }

  private int report(
      CoapRequests.Response response,
      CmdResponses.NodeStatus target,
      CommandMessage message,
      PrintWriter out,
      PrintWriter err) {
    if (!response.isSuccess()) {
      String text = response.text().strip();
      err.println(
          NAME
              + ": "
              + response.code()
              + " "
              + (text.isEmpty() ? CmdResponses.phrase(response.code()) : text));
      return Main.EXIT_FAILURE;
    }
    String state;
    try {
      state =
          response.contentFormat() == CONTENT_FORMAT_SENML_JSON
              ? CmdResponses.describe(response.payload())
              : response.text();
    } catch (IllegalArgumentException e) {
      err.println(
          NAME + ": " + response.code() + " but the state is unreadable: " + e.getMessage());
      return Main.EXIT_FAILURE;
    }
    out.println(
        actuator
            + ": "
            + state
            + " (node "
            + target.name()
            + " "
            + target.id()
            + ", command "
            + message.id()
            + ")");
    return 0;
  }

  /** GET {@code uri} as JSON, asking again up to {@code attempts} times; a 2.xx answer. */
  private CoapRequests.Response getJson(URI uri, Duration timeout, int attempts, PrintWriter err)
      throws IOException {
    CoapRequests.Response response = null;
    for (int attempt = 1; response == null; attempt++) {
      try {
        response = transport.get(uri, CONTENT_FORMAT_JSON, timeout);
      } catch (CoapRequests.NoAnswerException e) {
        if (attempt == attempts) {
          throw e;
        }
        err.println(NAME + ": " + e.getMessage() + "; asking again");
        err.flush();
      }
    }
    if (!response.isSuccess()) {
      throw new IOException(uri + " answered " + response.code() + " " + response.text().strip());
    }
    return response;
  }

  /** The node called {@code --target} in the entry node's view of the mesh. */
  private CmdResponses.NodeStatus meshNode(URI uri, Duration timeout, int attempts, PrintWriter err)
      throws IOException {
    CoapRequests.Response response = getJson(uri, timeout, attempts, err);
    com.fasterxml.jackson.databind.JsonNode view =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.payload());
    List<CmdResponses.NodeStatus> found = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode n : view.path("nodes")) {
      if (targetNode.equals(n.path("name").asText()) || targetNode.equals(n.path("id").asText())) {
        found.add(
            new CmdResponses.NodeStatus(
                NodeId.parse(n.path("id").asText()), n.path("name").asText()));
      }
    }
    if (found.size() != 1) {
      throw new IOException(
          (found.isEmpty() ? "no node called " : "more than one node called ")
              + targetNode
              + " in the mesh as "
              + uri.getHost()
              + " sees it"
              + (found.isEmpty() ? " (starling topology --node ... lists them)" : "; use its id"));
    }
    return found.get(0);
  }

  private CmdResponses.NodeStatus nodeStatus(
      URI uri, Duration timeout, int attempts, PrintWriter err) throws IOException {
    CoapRequests.Response response = getJson(uri, timeout, attempts, err);
    try {
      return CmdResponses.NodeStatus.parse(response.payload());
    } catch (IllegalArgumentException e) {
      throw new IOException(uri + " is not a Starling node: " + e.getMessage(), e);
    }
  }

  private Duration timeout() throws UsageException {
    Duration d;
    try {
      d = Durations.parse(timeoutText);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--timeout " + e.getMessage());
    }
    if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
      throw new UsageException(
          "--timeout "
              + timeoutText
              + " is out of range ["
              + Durations.format(MIN_TIMEOUT)
              + ", "
              + Durations.format(MAX_TIMEOUT)
              + "]");
    }
    return d;
  }

  /** {@code coap://HOST[:PORT]} (see {@link NodeUris#parse}). */
  static URI nodeUri(String text) throws UsageException {
    try {
      return NodeUris.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** on/off/true/false a boolean, a decimal number a number, anything else a string. */
  static Value parseValue(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("on") || t.equals("true")) {
      return Value.of(true);
    } else if (t.equals("off") || t.equals("false")) {
      return Value.of(false);
    } else if (NUMBER.matcher(t).matches()) {
      double d = Double.parseDouble(t);
      if (Double.isFinite(d)) {
        return Value.of(d);
      }
    }
    return Value.of(text);
  }

  /** 16 random bytes as unpadded base64url: 22 characters. */
  static String randomId(SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
