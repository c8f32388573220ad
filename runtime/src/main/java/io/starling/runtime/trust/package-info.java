/** Trust decisions about remote messages: replay protection per origin. */
package io.starling.runtime.trust;
