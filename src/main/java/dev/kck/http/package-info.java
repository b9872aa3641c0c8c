/**
 * The HTTP API on Javalin: {@link HttpServer} registers the routes; each handler parses the
 * request, calls one use case and renders its answer (entries with their caching headers,
 * problem+json for every error, CORS, metrics).
 */
package dev.kck.http;
