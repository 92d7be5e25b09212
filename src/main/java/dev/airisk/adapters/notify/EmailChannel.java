package dev.airisk.adapters.notify;

import dev.airisk.core.notify.Channel;
import dev.airisk.core.notify.Delivery;
import dev.airisk.core.notify.Endpoint;
import dev.airisk.core.notify.Event;
import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends the event by SMTP (Jakarta Mail, Eclipse Angus): a plain-text part people read, and the
 * CloudEvents JSON as the attachment {@code event.json}. The Message-ID comes from the event id
 * ({@code <airisk.ID@sender-domain>}), so a repeated delivery is recognisable as the same message.
 *
 * <p>TLS certificates are verified, host name included, against the JDK's trust store or the one
 * AIRISK_SMTP_TRUSTSTORE names; nothing is ever trusted blindly. Failures: refused connections,
 * time-outs and 4xx replies RETRY; 5xx replies and invalid addresses are PERMANENT; missing or
 * unusable settings, failed logins, a refused sender, untrusted certificates and a missing STARTTLS
 * are SETUP (to fix on this side: the delivery waits).
 */
final class EmailChannel implements Channel {
    /** Angus puts the server's reply at the start of a message, or after "response: " when connecting. */
    private static final Pattern REPLY_CODE = Pattern.compile("(?:^|response: )([2-5][0-9][0-9])(?:[ -]|$)");
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private final SmtpSettings settings;
    private final String problem;
    private final Session session;
    private final Clock clock;

    /** A channel for the settings in {@code env}; when they are unusable, every delivery says why (PERMANENT). */
    static EmailChannel of(Map<String, String> env, Duration connectTimeout, Duration readTimeout, Clock clock) {
        try {
            SmtpSettings s = SmtpSettings.from(env);
            return new EmailChannel(s, null, Session.getInstance(properties(s, connectTimeout, readTimeout)), clock);
        } catch (IllegalArgumentException e) {
            return new EmailChannel(null, e.getMessage(), null, clock);
        }
    }

    private EmailChannel(SmtpSettings settings, String problem, Session session, Clock clock) {
        this.settings = settings;
        this.problem = problem;
        this.session = session;
        this.clock = clock;
    }

    @Override
    public Delivery deliver(Endpoint endpoint, Event event) {
        if (problem != null) {
            return Delivery.setup(unready(endpoint));
        }
        MimeMessage message;
        try {
            message = message(endpoint.target(), event);
        } catch (AddressException e) {
            return Delivery.permanent("invalid e-mail address '" + oneLine(endpoint.target()) + "'" + reason(e));
        } catch (MessagingException | IllegalArgumentException e) {
            return Delivery.permanent("the message for " + oneLine(endpoint.target()) + " cannot be built: " + oneLine(e.getMessage()));
        }
        String at = settings.at();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(settings.host(), settings.port(), settings.user(), settings.password());
            transport.sendMessage(message, message.getAllRecipients());
            String reply = transport instanceof SMTPTransport smtp ? smtp.getLastServerResponse() : null;
            return Delivery.sent("accepted by " + at + (reply == null ? "" : ": " + oneLine(reply)));
        } catch (MessagingException e) {
            return classify(e);
        }
    }

    @Override
    public String unready(Endpoint endpoint) {
        return problem == null ? null : "e-mail is not set up: " + problem;
    }

    private MimeMessage message(String to, Event event) throws MessagingException {
        InternetAddress from = new InternetAddress(settings.from(), true);
        InternetAddress[] recipients = InternetAddress.parse(to, true);
        if (recipients.length == 0) {
            throw new AddressException("no address", to);
        }
        MimeMessage m = new IdentifiedMessage(session, messageId(event.id(), from));
        m.setFrom(from);
        m.setRecipients(Message.RecipientType.TO, recipients);
        m.setSubject(Notices.title(event), "UTF-8");
        m.setSentDate(new Date(clock.millis()));
        m.setHeader("X-Airisk-Event-Id", event.id().replaceAll("[\\r\\n]", " "));

        MimeBodyPart text = new MimeBodyPart();
        text.setText(Notices.plainText(event), "UTF-8", "plain");
        MimeBodyPart json = new MimeBodyPart();
        json.setDataHandler(new DataHandler(new ByteArrayDataSource(CloudEvents.json(event), "application/json; charset=utf-8")));
        json.setFileName("event.json");
        json.setDisposition(Part.ATTACHMENT);
        m.setContent(new MimeMultipart(text, json));
        m.saveChanges();
        return m;
    }

    /**
     * {@code <airisk.ID@DOMAIN>}: the event id as it is when it is a dot-atom, else its SHA-256 in hex;
     * the domain of the sender address.
     */
    static String messageId(String eventId, InternetAddress from) {
        String left = DOT_ATOM.matcher(eventId).matches() && eventId.length() <= 200 ? eventId : sha256Hex(eventId);
        String address = from.getAddress();
        String domain = address.contains("@") ? address.substring(address.lastIndexOf('@') + 1) : "airisk.invalid";
        return "<airisk." + left + "@" + domain + ">";
    }

    private Delivery classify(MessagingException e) {
        String at = settings.at();
        if (e instanceof AuthenticationFailedException) {
            return Delivery.setup("SMTP server " + at + " refused the login of " + settings.user()
                    + reason(e) + " (check AIRISK_SMTP_USER and AIRISK_SMTP_PASSWORD)");
        }
        for (Exception x : chain(e)) {
            if (x instanceof SMTPAddressFailedException a) {
                return byCode(a.getReturnCode(), "recipient " + a.getAddress() + " refused by " + at + ": " + oneLine(a.getMessage()));
            }
            if (x instanceof SMTPSenderFailedException s) {
                String detail = "sender " + s.getAddress() + " refused by " + at + ": " + oneLine(s.getMessage());
                return s.getReturnCode() >= 500 ? Delivery.setup(detail + " (check AIRISK_SMTP_FROM)") : byCode(s.getReturnCode(), detail);
            }
            if (x instanceof SMTPSendFailedException s) {
                return byCode(s.getReturnCode(), "message refused by " + at + ": " + oneLine(s.getMessage()));
            }
        }
        for (Exception x : chain(e)) {
            if (x instanceof SSLHandshakeException) {
                return Delivery.setup("TLS handshake with SMTP server " + at + " failed: " + oneLine(x.getMessage())
                        + " (its certificate must be trusted by the JDK or by AIRISK_SMTP_TRUSTSTORE, for the name " + settings.host() + ")");
            }
            if (x instanceof SocketTimeoutException) {
                return Delivery.retry("SMTP server " + at + " did not answer in time", null);
            }
            if (x instanceof ConnectException) {
                return Delivery.retry("connection to SMTP server " + at + " refused", null);
            }
            if (x instanceof UnknownHostException) {
                return Delivery.retry("cannot resolve SMTP server " + settings.host(), null);
            }
        }
        String message = oneLine(e.getMessage());
        if (message.contains("STARTTLS is required")) {
            return Delivery.setup("SMTP server " + at + " does not offer STARTTLS (AIRISK_SMTP_TLS=starttls requires it;"
                    + " use implicit for port 465, or a server that offers STARTTLS)");
        }
        if (e instanceof SendFailedException) {
            return Delivery.permanent("SMTP server " + at + " accepted no recipient: " + message);
        }
        Matcher code = REPLY_CODE.matcher(message);
        if (code.find()) {
            return byCode(Integer.parseInt(code.group(1)), "SMTP server " + at + ": " + message);
        }
        return Delivery.retry("SMTP server " + at + ": " + message, null);
    }

    /** 4xx: try again later; 5xx: refused for good. */
    private static Delivery byCode(int code, String detail) {
        return code >= 400 && code < 500 ? Delivery.retry(detail, null) : Delivery.permanent(detail);
    }

    /** The exception, its nested ones (getNextException) and their causes. */
    private static List<Exception> chain(MessagingException e) {
        List<Exception> all = new ArrayList<>();
        ArrayDeque<Throwable> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty() && all.size() < 20) {
            Throwable t = todo.poll();
            if (t instanceof Exception x && !all.contains(x)) {
                all.add(x);
                if (x instanceof MessagingException m && m.getNextException() != null) {
                    todo.add(m.getNextException());
                }
                if (x.getCause() != null) {
                    todo.add(x.getCause());
                }
            }
        }
        return all;
    }

    private static Properties properties(SmtpSettings s, Duration connectTimeout, Duration readTimeout) {
        Properties p = new Properties();
        p.put("mail.smtp.host", s.host());
        p.put("mail.smtp.port", Integer.toString(s.port()));
        p.put("mail.smtp.from", s.from());
        p.put("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
        p.put("mail.smtp.timeout", Long.toString(readTimeout.toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(readTimeout.toMillis()));
        p.put("mail.smtp.auth", Boolean.toString(s.user() != null));
        switch (s.tls()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case OPTIONAL -> p.put("mail.smtp.starttls.enable", "true");
            case IMPLICIT -> p.put("mail.smtp.ssl.enable", "true");
            case OFF -> {
            }
        }
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        if (s.trustStore() != null) {
            p.put("mail.smtp.ssl.socketFactory", trusting(s).getSocketFactory());
        }
        return p;
    }

    /** A TLS context that trusts the certificates of AIRISK_SMTP_TRUSTSTORE (a PKCS#12 or JKS store, or PEM). */
    private static SSLContext trusting(SmtpSettings s) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            byte[] bytes = Files.readAllBytes(s.trustStore());
            if (new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
                int i = 0;
                try (InputStream in = new ByteArrayInputStream(bytes)) {
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + i++, c);
                    }
                }
            } else {
                char[] password = s.trustStorePassword() == null ? null : s.trustStorePassword().toCharArray();
                store = KeyStore.getInstance(s.trustStore().toFile(), password);
            }
            if (store.size() == 0) {
                throw new IllegalArgumentException(SmtpSettings.TRUSTSTORE + " " + s.trustStore() + " holds no certificate"
                        + (s.trustStorePassword() == null ? " (set " + SmtpSettings.TRUSTSTORE_PASSWORD + " if it has a password)" : ""));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(SmtpSettings.TRUSTSTORE + " " + s.trustStore() + " cannot be read: "
                    + oneLine(e.getMessage()) + " (name a PKCS#12 or JKS trust store, with "
                    + SmtpSettings.TRUSTSTORE_PASSWORD + " if it has one, or a PEM file of CA certificates)");
        }
    }

    private static String reason(MessagingException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "" : ": " + oneLine(m);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String m = s.replaceAll("\\s+", " ").trim();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A MimeMessage whose Message-ID is the one given, not a fresh one at each saveChanges. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String id;

        IdentifiedMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
