/**
 * Mesh admission: a mesh CA that issues X.509 certificates with Ed25519 keys (RFC 5280, RFC 8410),
 * certificate signing requests (PKCS#10, RFC 2986), and the {@link
 * io.starling.runtime.trust.TrustStore} that decides whether a peer's certificate admits it to the
 * mesh. Bouncy Castle's types stay in {@code trust.internal}. See {@code docs/TRUST.md}.
 */
package io.starling.runtime.trust;
