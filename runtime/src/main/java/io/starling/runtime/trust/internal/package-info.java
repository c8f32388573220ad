/**
 * Bouncy Castle adapters for the trust package: certificate and CSR encoding, the Ed25519 content
 * signer over {@link io.starling.runtime.identity.NodeIdentity}, and PEM files. Nothing here is
 * public API.
 */
package io.starling.runtime.trust.internal;
