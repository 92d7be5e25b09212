/**
 * The notice channels: {@link dev.airisk.core.notify.Channel}s that deliver an
 * {@link dev.airisk.core.notify.Event} to a consumer, built by
 * {@link dev.airisk.adapters.notify.NotifyChannels}.
 *
 * <ul>
 *   <li>{@code WebhookChannel}: CloudEvents JSON in structured mode ({@code CloudEvents}), with an
 *       HMAC-SHA256 of the body under the value of a variable the endpoint names.</li>
 *   <li>{@code SlackChannel}: a Slack incoming webhook.</li>
 *   <li>{@code EmailChannel}: SMTP through Jakarta Mail, as {@code SmtpSettings} says.</li>
 *   <li>{@code FileLinesChannel}: one CloudEvents JSON line per event appended to a file.</li>
 * </ul>
 *
 * Webhook and Slack share one {@code java.net.http} client ({@code HttpPoster}, which also reads
 * {@code Retry-After} with {@code RetryAfter} and shows a URL only as {@code HttpTarget} allows);
 * {@code Notices} words what people read (Slack, e-mail). What is queued and when it is due (the outbox, the
 * delivery runs) is the core's: {@code core.release.Outbox} and {@code core.release.Notifier}, over
 * the types of {@code core.notify}.
 */
package dev.airisk.adapters.notify;
