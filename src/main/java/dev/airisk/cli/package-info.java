/**
 * The command line: picocli commands, one package-private class each ({@code <Name>Command}),
 * that parse what they are given, call one use-case of {@code core.release} and render what it
 * returns as text or as one line of JSON.
 *
 * <ul>
 *   <li>{@link dev.airisk.cli.Cli} builds the command tree under {@code AiriskCommand};
 *       {@link dev.airisk.cli.Context} holds what a run reads once (the environment, AIRISK_HOME,
 *       the streams, the clock) and opens registries, stores, keys and channels from the adapters.</li>
 *   <li>Shared options are mixins: {@code RegistryOptions}, {@code OutputOptions}, {@code KeyOptions},
 *       {@code DryRunOption}, {@code HelpOption}.</li>
 *   <li>Rendering: {@code ReleaseOutput} and {@code NoticeOutput} (what the release and notice commands
 *       print), {@code Table}, {@code TerminalText}, {@code Json}, {@code ProgressBar} (stderr, on a
 *       terminal only).</li>
 *   <li>Errors: {@link dev.airisk.cli.ExitCodes} maps the core's exception family to exit codes; an
 *       error is one line {@code airisk: error: <what> (<how to fix>)}, made safe to print by
 *       {@code ErrorText} (credentials removed, control characters escaped).</li>
 *   <li>{@code Generated}: the completions, docs/commands.md and native-image metadata, made at build time.</li>
 * </ul>
 *
 * Only {@link dev.airisk.Main} calls {@code System.exit}; commands write only through the streams
 * picocli gives them.
 */
package dev.airisk.cli;
