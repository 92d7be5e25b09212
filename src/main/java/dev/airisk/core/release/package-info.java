/**
 * The use-cases: what each command does to the registry and the store, through the ports of
 * {@code core.port} only. {@link dev.airisk.core.release.Services} builds them over one opened
 * registry; a command calls one of them and renders what it returns.
 *
 * <table>
 *   <caption>Which use-case each command calls</caption>
 *   <tr><th>command</th><th>use-case</th></tr>
 *   <tr><td>{@code init}</td><td>{@link dev.airisk.core.release.Initializer}</td></tr>
 *   <tr><td>{@code register}</td><td>{@link dev.airisk.core.release.Registrar}</td></tr>
 *   <tr><td>{@code scan}</td><td>{@link dev.airisk.core.release.Scans}</td></tr>
 *   <tr><td>{@code verify}</td><td>{@link dev.airisk.core.release.IntegrityChecker}</td></tr>
 *   <tr><td>{@code pull}, {@code export}</td><td>{@link dev.airisk.core.release.Retrieval}</td></tr>
 *   <tr><td>{@code list}, {@code show}</td><td>{@link dev.airisk.core.release.Catalog}</td></tr>
 *   <tr><td>{@code lineage}</td><td>{@link dev.airisk.core.release.Lineage}</td></tr>
 *   <tr><td>{@code status}</td><td>{@link dev.airisk.core.release.Status}</td></tr>
 *   <tr><td>{@code check}, {@code promote}, {@code canary start|set-weight|promote|abort},
 *       {@code rollback}, {@code fallback set|clear}</td><td>{@link dev.airisk.core.release.Releases}</td></tr>
 *   <tr><td>{@code canary analyze}</td><td>{@link dev.airisk.core.release.CanaryAnalyses}</td></tr>
 *   <tr><td>{@code profile}</td><td>{@link dev.airisk.core.release.Baselines} (stored through
 *       {@link dev.airisk.core.release.Evidence})</td></tr>
 *   <tr><td>{@code monitor evaluate|override}</td><td>{@link dev.airisk.core.release.Monitoring} (its commits checked by
 *       {@link dev.airisk.core.release.MonitoringCommits})</td></tr>
 *   <tr><td>{@code incident open|note|attach|close|list|show}</td><td>{@link dev.airisk.core.release.Incidents} (its commits checked by
 *       {@link dev.airisk.core.release.IncidentCommits})</td></tr>
 *   <tr><td>{@code approve}, {@code reject}</td><td>{@link dev.airisk.core.release.Approvals}</td></tr>
 *   <tr><td>{@code attach}, {@code checklist}</td><td>{@link dev.airisk.core.release.Evidence}</td></tr>
 *   <tr><td>{@code evidence}</td><td>{@link dev.airisk.core.release.Evidence} and
 *       {@link dev.airisk.core.release.Approvals}</td></tr>
 *   <tr><td>{@code deprecate}, {@code undeprecate}</td><td>{@link dev.airisk.core.release.Deprecations}</td></tr>
 *   <tr><td>{@code gc}</td><td>{@link dev.airisk.core.release.Retention}</td></tr>
 *   <tr><td>{@code notify}</td><td>{@link dev.airisk.core.release.Notifier}</td></tr>
 *   <tr><td>{@code notices retry|ack}</td><td>{@link dev.airisk.core.release.Redeliveries}</td></tr>
 *   <tr><td>{@code consumers add|list|remove}</td><td>{@link dev.airisk.core.release.Subscriptions}</td></tr>
 *   <tr><td>{@code keys trust|revoke|trusted}, {@code policy set}</td><td>{@link dev.airisk.core.release.Administration}</td></tr>
 *   <tr><td>{@code log}, {@code history}</td><td>{@link dev.airisk.core.release.AuditTrail}</td></tr>
 *   <tr><td>{@code audit verify}</td><td>{@link dev.airisk.core.release.Audit}</td></tr>
 *   <tr><td>{@code clone}, {@code policy show|validate}</td><td>{@link dev.airisk.core.release.RegistryView}</td></tr>
 * </table>
 *
 * <p>Beside the use-cases: every operation with the role it needs, the paths it may write, its
 * trailers and its notice ({@link dev.airisk.core.release.Operation}), the state change of each
 * release operation, shared by the commands and the audit's replay
 * ({@link dev.airisk.core.release.Transition}), who may write what ({@code Actors}), one registry write or its dry run
 * ({@link dev.airisk.core.release.Writes}), the rules every commit keeps
 * ({@link dev.airisk.core.release.CommitRules}) and the check of a stretch of history against them
 * ({@link dev.airisk.core.release.HistoryVerifier}, used on every read by
 * {@link dev.airisk.core.release.VerifiedRegistry}), the commit trailers
 * ({@link dev.airisk.core.release.Trailers}), the outbox that queues notices
 * ({@link dev.airisk.core.release.Outbox}), and when and in what order its deliveries are tried
 * ({@link dev.airisk.core.release.DeliverySchedule}). The notices' own types (event, consumer, delivery,
 * channel) are in {@code core.notify}; the channels that deliver them in {@code adapters.notify}.
 */
package dev.airisk.core.release;
