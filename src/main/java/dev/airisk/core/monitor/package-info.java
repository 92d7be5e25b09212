/**
 * Monitoring's numbers: a version's baseline {@link dev.airisk.core.monitor.Profile} made by the
 * {@link dev.airisk.core.monitor.Profiler} from a sample, and the {@link dev.airisk.core.monitor.Evaluator},
 * which reads a prediction log (and a metrics snapshot) once and gives an
 * {@link dev.airisk.core.monitor.Evaluation}: PSI per feature and of the score, null rates, schema
 * violations, the share below the confidence floor, accuracy and AUC, error rate and latency, and the
 * {@link dev.airisk.core.monitor.Breach}es of the tier's monitoring rules. Every figure is defined in
 * docs/monitoring.md. Rows come through the ports {@link dev.airisk.core.port.RowSource} and
 * {@link dev.airisk.core.port.MetricsSnapshot}; nothing here imports a library.
 */
package dev.airisk.core.monitor;
