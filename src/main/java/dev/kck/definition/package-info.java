/**
 * A deployment's definitions: the product and updater files (each file's own checks), the Java
 * primers and updaters of the plugins folder (one class loader for both), and the checks across
 * files (templates name real products, no dependency cycle). {@link Definitions#load} returns them
 * all, or every problem at once.
 */
package dev.kck.definition;
