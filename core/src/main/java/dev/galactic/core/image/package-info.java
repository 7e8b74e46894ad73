/**
 * The controller's state as one immutable value ({@link dev.galactic.core.image.NetworkImage}) and
 * what moves it from one value to the next ({@link dev.galactic.core.image.NetworkDelta}): the
 * control loop applies each delta and hands delta and new image to its publishers in order.
 */
package dev.galactic.core.image;
