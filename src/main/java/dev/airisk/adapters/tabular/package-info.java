/**
 * The files monitoring reads, behind {@link dev.airisk.core.port.TabularInputs}: prediction logs and
 * samples as CSV (Jackson's CSV module) or JSON Lines (Jackson), either optionally gzip-compressed
 * (recognised by its magic bytes), streamed row by row; Prometheus text-exposition snapshots; and the
 * baseline profile's canonical JSON ({@link dev.airisk.core.port.ProfileCodec}).
 */
package dev.airisk.adapters.tabular;
