package dev.airisk.adapters.crypto;

import dev.airisk.core.AiriskException.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM armor as OpenSSL and Python's cryptography write it: 64-column base64 lines, LF endings. */
final class Pem {
    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Pem() {
    }

    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /** The DER inside the one {@code label} block of {@code text}; InvalidInput naming {@code what} otherwise. */
    static byte[] decode(String text, String label, String what) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text == null ? -1 : text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (from < 0 || to < 0 || text.indexOf(begin, to) >= 0) {
            throw new InvalidInput(what + " is not one PEM '" + label + "' block", "give a PEM file starting with " + begin);
        }
        String body = text.substring(from + begin.length(), to);
        try {
            return Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(what + " has a damaged PEM body: " + e.getMessage(), "export the key again", e);
        }
    }
}
