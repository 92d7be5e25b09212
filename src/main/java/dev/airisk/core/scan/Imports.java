package dev.airisk.core.scan;

/** How an imported callable (module plus qualified name) is classified. */
public enum Imports {
    SAFE, DANGEROUS, UNKNOWN
}
