/**
 * Updaters and how they run: the updater plugin API ({@link Updater}, {@link UpdaterSpec}), YAML
 * updaters ({@link SqlUpdater}), and {@link UpdateRunner}, which checks a body into typed calls
 * and runs them in one transaction on the source.
 */
package dev.kck.update;
