package dev.airisk.adapters.tabular;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.MetricsSnapshot;
import dev.airisk.core.port.MetricsSnapshot.Sample;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' text exposition format 0.0.4, as {@code curl .../metrics} returns it: {@code # HELP} and
 * {@code # TYPE} lines and other comments are skipped; each other non-blank line is a sample
 * {@code name{label="value",...} value [timestamp]}. OpenMetrics' {@code # EOF} ends the file.
 */
final class PrometheusText {
    /** The most samples a snapshot may hold. */
    static final int MAX_SAMPLES = 1_000_000;

    private final String name;
    private String line;
    private int pos;
    private long lineNo;

    private PrometheusText(String name) {
        this.name = name;
    }

    static MetricsSnapshot read(OpenedFile file, Instant takenAt) {
        PrometheusText p = new PrometheusText(file.name);
        List<Sample> samples = new ArrayList<>();
        try (BufferedReader in = file.text) {
            String l;
            while ((l = in.readLine()) != null) {
                p.lineNo++;
                String t = l.strip();
                if (t.equals("# EOF")) {
                    break;
                }
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (samples.size() == MAX_SAMPLES) {
                    throw new InvalidInput(file.name + " has more than " + MAX_SAMPLES + " samples", "give the serving process' own metrics");
                }
                samples.add(p.sample(t));
            }
            if (samples.isEmpty() && p.lineNo == 0) {
                throw new InvalidInput(file.name + " is empty", "give a snapshot as 'curl http://HOST/metrics' returns it");
            }
            return new MetricsSnapshot(file.name, file.finish(), takenAt, samples);
        } catch (IOException e) {
            throw file.failure(e);
        } finally {
            file.close();
        }
    }

    private Sample sample(String text) {
        line = text;
        pos = 0;
        String metric = name();
        Map<String, String> labels = new LinkedHashMap<>();
        if (pos < line.length() && line.charAt(pos) == '{') {
            pos++;
            spaces();
            while (pos < line.length() && line.charAt(pos) != '}') {
                String label = name();
                spaces();
                expect('=');
                spaces();
                labels.put(label, quoted());
                spaces();
                if (pos < line.length() && line.charAt(pos) == ',') {
                    pos++;
                    spaces();
                }
            }
            expect('}');
        }
        if (pos >= line.length() || line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
            throw bad("a space and a value after the name");
        }
        spaces();
        String[] rest = line.substring(pos).trim().split("[ \t]+");
        if (rest.length > 2) {
            throw bad("a value and at most a timestamp after the name");
        }
        return new Sample(metric, labels, value(rest[0]));
    }

    private double value(String text) {
        switch (text) {
            case "+Inf", "Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "NaN" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    if (!text.isEmpty() && (Character.isDigit(text.charAt(text.length() - 1)) || text.charAt(text.length() - 1) == '.')) {
                        return Double.parseDouble(text);
                    }
                } catch (NumberFormatException e) {
                    // worded below
                }
                throw bad("a number as the value, not '" + shown(text) + "'");
            }
        }
    }

    private String name() {
        int start = pos;
        while (pos < line.length()) {
            char c = line.charAt(pos);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == ':') || pos == start && Character.isDigit(c)) {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw bad("a metric or label name");
        }
        return line.substring(start, pos);
    }

    private String quoted() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (pos < line.length() && line.charAt(pos) != '"') {
            char c = line.charAt(pos++);
            if (c == '\\' && pos < line.length()) {
                char e = line.charAt(pos++);
                b.append(e == 'n' ? '\n' : e);
            } else {
                b.append(c);
            }
        }
        expect('"');
        return b.toString();
    }

    private void spaces() {
        while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void expect(char c) {
        if (pos >= line.length() || line.charAt(pos) != c) {
            throw bad("'" + c + "' at column " + (pos + 1));
        }
        pos++;
    }

    private InvalidInput bad(String expected) {
        return new InvalidInput(name + " line " + lineNo + " is not a Prometheus sample: expected " + expected,
                "give a text-exposition snapshot as 'curl http://HOST/metrics' returns it");
    }

    private static String shown(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
