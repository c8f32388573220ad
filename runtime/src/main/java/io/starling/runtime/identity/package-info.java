/** Node identity: the Ed25519 key pair, the node id derived from it, and key files. */
package io.starling.runtime.identity;
