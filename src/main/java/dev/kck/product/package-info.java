/**
 * What a product is and how its keys read: {@link ProductSpec} and its parameters, types, access
 * and freshness policy; {@link Key} and key templates; the {@link ProductRegistry} that parses key
 * text. Also the primer plugin API ({@link Primer}, {@link PrimerContext}) and its YAML kind,
 * {@link SqlPrimer}.
 */
package dev.kck.product;
