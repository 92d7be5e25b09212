package dev.airisk.core.notify;

/** One way of reaching consumers (webhook, Slack, e-mail, file). Safe to call from several threads. */
public interface Channel {

    /**
     * Delivers one event to one endpoint. Reports every failure as a {@link Delivery} rather than
     * throwing, so one bad receiver never stops the others.
     */
    Delivery deliver(Endpoint endpoint, Event event);

    /**
     * Why this host cannot deliver to {@code endpoint} now, for a reason on the sending side that is
     * known without trying (a secret variable unset, no SMTP settings), or null. A delivery it names
     * is not attempted: it stays pending until the setting is fixed.
     */
    default String unready(Endpoint endpoint) {
        return null;
    }
}
