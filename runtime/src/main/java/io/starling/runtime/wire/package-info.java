/** Wire formats: SenML (RFC 8428) in JSON and CBOR; COSE comes with the trust layer. */
package io.starling.runtime.wire;
