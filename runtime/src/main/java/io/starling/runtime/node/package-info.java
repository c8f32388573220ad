/**
 * The embedding API: build a {@link io.starling.runtime.node.StarlingNode} from a validated
 * profile, start it, read its sensors, close it. All wiring of a node's parts happens in {@link
 * io.starling.runtime.node.StarlingNode.Builder#build()} and {@link
 * io.starling.runtime.node.StarlingNode#start()}.
 */
package io.starling.runtime.node;
