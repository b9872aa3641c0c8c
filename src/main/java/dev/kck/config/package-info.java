/**
 * The service configuration: {@link KckConfig}, one immutable record tree, loaded from {@code
 * kck.yaml} by {@link ConfigLoader} with every default in one place. Every key is documented in
 * {@code config/reference.yaml}.
 */
package dev.kck.config;
