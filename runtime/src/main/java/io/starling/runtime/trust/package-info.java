/**
 * Mesh admission and message trust: a mesh CA that issues X.509 certificates with Ed25519 keys (RFC
 * 5280, RFC 8410), certificate signing requests (PKCS#10, RFC 2986), the {@link
 * io.starling.runtime.trust.TrustStore} that decides whether a certificate admits its holder to the
 * mesh, and replay protection per origin ({@link io.starling.runtime.trust.ReplayGuard}). Bouncy
 * Castle's types stay in {@code trust.internal}. See {@code docs/TRUST.md}.
 */
package io.starling.runtime.trust;
