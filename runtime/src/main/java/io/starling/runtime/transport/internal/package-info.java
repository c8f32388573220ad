/**
 * The CoAP face of a node on Eclipse Californium: endpoint, resources, content negotiation.
 * Californium types stay inside this package.
 */
package io.starling.runtime.transport.internal;
