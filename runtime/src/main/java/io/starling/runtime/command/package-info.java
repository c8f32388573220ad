/**
 * Commands to actuators: the signed command message, its verification (trust, signature, replay),
 * authorisation by the actuator's {@code allow} groups, idempotent application, and the counters of
 * every rejection reason.
 */
package io.starling.runtime.command;
