/**
 * COSE_Sign1 (RFC 9052) with Ed25519, and Starling's signed envelope built on it. Decoders take
 * untrusted bytes and return typed results; they never throw on bad input.
 */
package io.starling.runtime.wire.cose;
