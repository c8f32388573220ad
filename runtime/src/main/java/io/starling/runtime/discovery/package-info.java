/**
 * Finding neighbours on each link: DNS-SD over mDNS (RFC 6762/6763), service {@code
 * _coap._udp.local.}, subtype {@code _starling}. The API here is transport-neutral; the jmDNS
 * adapter lives in {@code internal} and none of its types appear in this package.
 *
 * <p>Discovery only says who is nearby. Liveness is the mesh's job (hellos): a crashed peer's
 * records stay in other caches until their TTL runs out.
 */
package io.starling.runtime.discovery;
