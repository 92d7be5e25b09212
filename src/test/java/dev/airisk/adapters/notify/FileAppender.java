package dev.airisk.adapters.notify;

import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.Endpoint.Kind;
import java.util.Map;

/** Run in a second process by the file channel's test: appends COUNT events with ids PREFIX-i to FILE. */
public final class FileAppender {
    private FileAppender() {
    }

    public static void main(String[] args) {
        String file = args[0];
        int count = Integer.parseInt(args[1]);
        String prefix = args[2];
        var channel = new NotifyChannels(Map.of()).of(Kind.FILE);
        for (int i = 0; i < count; i++) {
            Delivery d = channel.deliver(new Endpoint(Kind.FILE, file, null), Events.deprecated(prefix + "-" + i));
            if (d.outcome() != Delivery.Outcome.SENT) {
                System.err.println(d);
                System.exit(1);
            }
        }
    }
}
