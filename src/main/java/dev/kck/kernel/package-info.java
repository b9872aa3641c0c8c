/**
 * The floor every package stands on: the one Jackson configuration ({@link Json}), the exception
 * base every client-facing error extends ({@link KckException}), entity tag comparisons, and the
 * thread and lifecycle helpers that make every thread named and every stop ordered and bounded, the
 * one Caffeine builder ({@link Caches}) and the hot path's small direct-mapped tables ({@link RecentTexts}).
 * Depends on nothing of KCK.
 */
package dev.kck.kernel;
