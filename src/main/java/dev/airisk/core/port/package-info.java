/**
 * The ports: the interfaces through which the core reaches everything outside it. Each is
 * implemented by one adapter, and by in-memory fakes in the core's tests.
 *
 * <ul>
 *   <li>The registry: {@link dev.airisk.core.port.Registry} (a versioned tree where every write is one
 *       {@link dev.airisk.core.port.Change}, one commit with a {@link dev.airisk.core.port.CommitMessage}),
 *       read as {@link dev.airisk.core.port.Snapshot}s and its {@link dev.airisk.core.port.History};
 *       opened by a {@link dev.airisk.core.port.RegistryProvider}; its files read and written by a
 *       {@link dev.airisk.core.port.RegistryCodec}; the last verified commit per registry kept by
 *       {@link dev.airisk.core.port.Anchors}. Adapters: {@code adapters.git}, {@code adapters.yaml}.</li>
 *   <li>The store: {@link dev.airisk.core.port.ArtifactStore} (content-addressed, immutable), opened by a
 *       {@link dev.airisk.core.port.StoreProvider}. Adapter: {@code adapters.store}.</li>
 *   <li>Keys and signatures: {@link dev.airisk.core.port.Keyring}, {@link dev.airisk.core.port.Signer}
 *       and {@link dev.airisk.core.port.Attestations} (model signatures and signed statements, made and
 *       checked), {@link dev.airisk.core.port.ModelSigning} (OpenSSF model_signing bundles made and
 *       checked against a model's files, given as {@link dev.airisk.core.port.ModelSigning.ModelFiles}).
 *       Adapter: {@code adapters.crypto}.</li>
 *   <li>Files in and out: {@link dev.airisk.core.port.ModelSources} and
 *       {@link dev.airisk.core.port.ModelSource} (a file, a folder or an archive to register, as
 *       {@link dev.airisk.core.port.Content}), {@link dev.airisk.core.port.ContainerReader} (archives as
 *       the scanner opens them), {@link dev.airisk.core.port.ArchiveWriter} (deterministic export).
 *       Adapter: {@code adapters.archive}.</li>
 *   <li>Monitoring's inputs: {@link dev.airisk.core.port.TabularInputs} opens prediction logs and samples
 *       as {@link dev.airisk.core.port.RowSource}s (CSV or JSON Lines, optionally gzip, streamed) and
 *       Prometheus snapshots as {@link dev.airisk.core.port.MetricsSnapshot}s; a baseline profile's JSON
 *       is read and written by a {@link dev.airisk.core.port.ProfileCodec}. Adapter: {@code adapters.tabular}.</li>
 *   <li>{@link dev.airisk.core.port.Progress}: how far a long piece of work has come, for the command
 *       line to show.</li>
 * </ul>
 *
 * Time is {@link java.time.Clock}, passed in; the notice channels' port is
 * {@link dev.airisk.core.notify.Channel}, in {@code core.notify}.
 */
package dev.airisk.core.port;
