/** Helpers shared by the built-in drivers; not part of any API. */
package io.starling.drivers.internal;
