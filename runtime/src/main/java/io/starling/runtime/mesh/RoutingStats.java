package io.starling.runtime.mesh;

import java.util.Map;

/**
 * Link-state counters, as served at {@code /mesh/stats}.
 *
 * @param adverts adverts held (one per origin, this node's own included)
 * @param originated adverts this node signed
 * @param received adverts that arrived from neighbours
 * @param accepted adverts that were new and verified
 * @param duplicates adverts already held (normal: floods arrive by several paths)
 * @param sent adverts sent to neighbours (own and forwarded)
 * @param bytesSent bytes of adverts and summaries sent
 * @param summariesSent database summaries sent
 * @param summariesReceived database summaries received
 * @param rejected adverts refused, by reason ({@link AdvertRejection} and {@link
 *     io.starling.runtime.trust.VerifyFailure} names), zeros included
 */
public record RoutingStats(
    int adverts,
    long originated,
    long received,
    long accepted,
    long duplicates,
    long sent,
    long bytesSent,
    long summariesSent,
    long summariesReceived,
    Map<String, Long> rejected) {}
