package dev.airisk.core.notify;

/** One way of reaching consumers (webhook, Slack, e-mail, file). Safe to call from several threads. */
public interface Channel {

    /**
     * Delivers one event to one endpoint. Reports every failure as a {@link Delivery} rather than
     * throwing, so one bad receiver never stops the others.
     */
    Delivery deliver(Endpoint endpoint, Event event);
}
