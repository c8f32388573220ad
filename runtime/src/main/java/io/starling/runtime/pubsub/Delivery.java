package io.starling.runtime.pubsub;

import io.starling.runtime.identity.NodeId;
import java.time.Instant;

/**
 * A message delivered to a subscriber: verified against its origin's signature, in order within its
 * stream (origin, topic), once.
 *
 * @param origin the node that published it
 * @param originName that node's name, from its certificate
 * @param topic the topic
 * @param seq its number in the stream, from 1
 * @param time when the origin published it (its clock, signed)
 * @param contentFormat the body's CoAP Content-Format (112 for SenML CBOR)
 * @param body the message
 * @param hops how many hops it took (0 for a message of this node's own)
 */
public record Delivery(
    NodeId origin,
    String originName,
    String topic,
    long seq,
    Instant time,
    int contentFormat,
    byte[] body,
    int hops) {}
