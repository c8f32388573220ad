/**
 * The mesh: neighbours found on each link and kept alive by signed hellos (liveness, RTT, loss);
 * link-state routing over signed adverts ({@link io.starling.runtime.mesh.LinkStateService});
 * hop-by-hop forwarding ({@link io.starling.runtime.mesh.Router}) and end-to-end ping. Everything
 * here talks through {@link io.starling.runtime.mesh.MeshTransport}, so the same code runs over
 * CoAP on real links and over an in-memory network in virtual time.
 */
package io.starling.runtime.mesh;
