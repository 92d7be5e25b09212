/**
 * Scans model files without loading them: what a file is decides which analysers read it, and
 * every reader is bounded and treats its input as hostile.
 *
 * <ul>
 *   <li>{@link dev.airisk.core.scan.Scanner}: one file by its content, into containers (zip: PyTorch
 *       checkpoints, {@code .npz}, {@code .keras}; tar), recognised by {@code Formats}, {@code OpcodeSniff}
 *       and {@code TextSniff}, with {@code ZipChecks} on zip layouts.</li>
 *   <li>Pickles: {@code PickleAnalyzer} follows the opcodes ({@code PickleOps}, {@code PickleInput},
 *       {@code PickleArgs}, {@code PickleMemo}, {@code PickleText}) to what a pickle would import and
 *       call, judged by {@code PickleImports} and {@link dev.airisk.core.scan.Imports}.</li>
 *   <li>Other formats: {@code Safetensors} headers, NumPy {@code Npy} headers, {@code Onnx} external
 *       data, {@code KerasConfig}; JSON through {@code StrictJson} (RFC 8259, duplicate keys refused).</li>
 *   <li>{@code Secrets}: credentials in text files.</li>
 * </ul>
 *
 * What a scan found: {@link dev.airisk.core.scan.Finding}s of a {@link dev.airisk.core.scan.Severity},
 * capped per kind by {@link dev.airisk.core.scan.FindingCap}, and each file's
 * {@link dev.airisk.core.scan.FileResult}, in a {@link dev.airisk.core.scan.ScanReport}; the policy's
 * part is {@link dev.airisk.core.scan.ScanRules}. A format whose bytes break its rules is a
 * {@code <format>/malformed} finding, never an exception to the caller.
 */
package dev.airisk.core.scan;
