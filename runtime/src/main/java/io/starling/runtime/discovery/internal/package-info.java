/**
 * The jmDNS adapter behind {@link io.starling.runtime.discovery.Discovery}, and the small pure
 * pieces it is built from (TXT codec, interface choice, announcement parsing), which are tested
 * without a network.
 */
package io.starling.runtime.discovery.internal;
