/**
 * {@link TypeScriptTypes}: the TypeScript declarations that type the TypeScript client for a
 * configuration's products and updaters ({@code kck typegen}; the format is clients/typescript/TYPEGEN.md).
 */
package dev.kck.typegen;
