/**
 * The registry's YAML files and META.yaml, with Jackson's YAML streaming parser and generator:
 * strict reading that names file and line in every error, and stable, deterministic writing.
 */
package dev.airisk.adapters.yaml;
