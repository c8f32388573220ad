package io.starling.runtime.transport.internal;

import org.eclipse.californium.core.coap.MediaTypeRegistry;

/** The CoAP Content-Format numbers the node serves (IANA CoAP Content-Formats registry). */
final class ContentFormats {

  /** No Accept option in the request. */
  static final int NONE = MediaTypeRegistry.UNDEFINED;

  /** {@code application/json} (RFC 7252 §12.3). */
  static final int JSON = MediaTypeRegistry.APPLICATION_JSON;

  /** {@code application/octet-stream} (RFC 7252 §12.3): certificates in DER. */
  static final int OCTET_STREAM = MediaTypeRegistry.APPLICATION_OCTET_STREAM;

  /** {@code application/cose; cose-type="cose-sign1"} (RFC 9052 §9). */
  static final int COSE_SIGN1 = 18;

  /** {@code application/senml+json} (RFC 8428 §12.3). */
  static final int SENML_JSON = 110;

  /** {@code application/senml+cbor} (RFC 8428 §12.3). */
  static final int SENML_CBOR = 112;

  private ContentFormats() {}
}
