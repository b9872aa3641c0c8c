/**
 * Reading YAML files into checked values: {@link YamlFile} and {@link Section} bind fields with
 * their line numbers, {@code ${NAME}} substitution, durations and sizes, and collect every problem
 * (file, field, line) into one {@link ConfigException}. Used by the service configuration and by
 * the definition files.
 */
package dev.kck.yaml;
