package dev.airisk.adapters.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airisk.adapters.notify.Receiver.Answer;
import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Delivery.Outcome;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.Endpoint.Kind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackChannelTest {
    private static final String PATH = "/services/T0AIRISK/B0HOOK/s3cretT0kenPart";

    private final Channel slack = new NotifyChannels(Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(2)).of(Kind.SLACK);

    @Test
    void deliver_postsReadableEscapedText_andIsSentOnOk() throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(200).body("ok"))) {
            Delivery d = slack.deliver(new Endpoint(Kind.SLACK, receiver.url(PATH), null), Events.deprecated("n-9"));

            assertEquals(new Delivery(Outcome.SENT, "HTTP 200 from " + receiver.hostPort(), null), d);
            Receiver.Request r = receiver.requests().get(0);
            assertEquals(PATH, r.path());
            assertEquals("application/json; charset=utf-8", r.headers().getFirst("Content-Type"));
            JsonNode json = JsonMapper.builder().build().readTree(r.body());
            assertEquals(1, json.size());
            assertEquals("*churn@1.4.0: model deprecated*\n"
                    + "churn@1.4.0 is deprecated in prod and retires on 2027-01-31; move to 1.5.0 &lt;now&gt; &amp; then tell us.\n"
                    + "_dev.airisk.model.deprecated · id n-9_", json.get("text").asText());
        }
    }

    @Test
    void deliver_toTheUrlInTheVariableTheEndpointNames_andWaitsWhileItIsUnset() throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(200).body("ok"))) {
            Channel withUrl = new NotifyChannels(Map.of("ML_OPS_SLACK_URL", receiver.url(PATH)), Duration.ofSeconds(2), Duration.ofSeconds(2))
                    .of(Kind.SLACK);
            Endpoint endpoint = Endpoint.slack("ML_OPS_SLACK_URL");

            assertEquals(null, withUrl.unready(endpoint));
            assertEquals(new Delivery(Outcome.SENT, "HTTP 200 from " + receiver.hostPort(), null), withUrl.deliver(endpoint, Events.deprecated("n-1")));
            assertEquals(PATH, receiver.requests().get(0).path());

            String unset = "the Slack webhook URL variable ML_OPS_SLACK_URL is not set (set it in the environment of 'airisk notify' "
                    + "to the channel's incoming-webhook URL)";
            assertEquals(unset, slack.unready(endpoint));
            assertEquals(new Delivery(Outcome.SETUP, unset, null), slack.deliver(endpoint, Events.deprecated("n-2")));
            assertEquals(1, receiver.requests().size());
            assertEquals("$ML_OPS_SLACK_URL", endpoint.shown());
            assertEquals("http://127.0.0.1/... (URL in consumers.yaml)", new Endpoint(Kind.SLACK, receiver.url(PATH), null).shown());
        }
    }

    @Test
    void deliver_whenSlackRefuses_isPermanent_withSlacksReason_andNeverThePath() throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(404).body("no_service"), Answer.of(410).body("channel_is_archived"))) {
            Endpoint endpoint = new Endpoint(Kind.SLACK, receiver.url(PATH), null);

            Delivery gone = slack.deliver(endpoint, Events.deprecated("n-10"));
            Delivery archived = slack.deliver(endpoint, Events.deprecated("n-10"));

            assertEquals(new Delivery(Outcome.PERMANENT, "HTTP 404 from " + receiver.hostPort() + " (no_service)", null), gone);
            assertEquals(new Delivery(Outcome.PERMANENT, "HTTP 410 from " + receiver.hostPort() + " (channel_is_archived)", null), archived);
        }
    }

    @Test
    void deliver_whenRateLimitedOrFailing_retries_withRetryAfter() throws Exception {
        try (Receiver receiver = new Receiver(Answer.of(429).header("Retry-After", "30").body("rate_limited"),
                Answer.of(500).body("<html>oops</html>"))) {
            Endpoint endpoint = new Endpoint(Kind.SLACK, receiver.url(PATH), null);

            Delivery limited = slack.deliver(endpoint, Events.deprecated("n-11"));
            Delivery failing = slack.deliver(endpoint, Events.deprecated("n-11"));

            assertEquals(new Delivery(Outcome.RETRY, "HTTP 429 from " + receiver.hostPort() + " (rate_limited)", Duration.ofSeconds(30)), limited);
            assertEquals(new Delivery(Outcome.RETRY, "HTTP 500 from " + receiver.hostPort(), null), failing);
        }
    }

    @Test
    void deliver_toAnUnusableUrl_isPermanent_withoutThePath() {
        Delivery d = slack.deliver(new Endpoint(Kind.SLACK, "hooks.slack.com" + PATH, null), Events.deprecated("n-12"));

        assertEquals(Outcome.PERMANENT, d.outcome());
        assertFalse(d.detail().contains("s3cret"), d.detail());
        assertTrue(d.detail().startsWith("the Slack webhook URL"), d.detail());
    }
}
