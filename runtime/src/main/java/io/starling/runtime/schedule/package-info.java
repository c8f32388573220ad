/** Scheduling without owning threads: a real executor-backed scheduler and a virtual-time one. */
package io.starling.runtime.schedule;
