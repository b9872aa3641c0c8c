/**
 * The top of the house: {@link App}, the composition root, the only place that wires the parts
 * together and the one that starts and stops them in order; and {@link Main}, the command line
 * ({@code serve}, {@code check}, {@code token}) with its exit codes.
 */
package dev.kck;
