package dev.airisk.core.policy;

import dev.airisk.core.monitor.Comparison;
import java.time.Instant;

/**
 * A verified canary analysis of a version in one environment ({@code airisk canary analyze}), as the
 * canary gate reads it.
 *
 * @param file        the file's path in the registry (for messages)
 * @param keyId       the signing key
 * @param env         the environment of the canary
 * @param at          when it was signed
 * @param canarySince when the canary it analysed started
 * @param comparison  the figures found
 */
public record CanaryEvidence(String file, String keyId, String env, Instant at, Instant canarySince, Comparison comparison) {
}
