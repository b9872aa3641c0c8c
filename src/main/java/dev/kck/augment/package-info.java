/**
 * Updates applied to cached values in place instead of recomputing them: {@link Augmenter} applies
 * a product's YAML {@code augment} rules or a Java primer's {@code augment}, and writes the result
 * with a compare-and-set on the version it read.
 */
package dev.kck.augment;
