package dev.airisk.core.policy;

import dev.airisk.core.AiriskException.InvalidInput;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A metric threshold from policy.yaml, e.g. {@code accuracy: ">= 0.90"}. */
public record Threshold(String metric, Op op, double value) {
    private static final Pattern FORM = Pattern.compile("\\s*(>=|<=|>|<|==)\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*");

    /** Parses {@code ">= 0.90"}; InvalidInput saying the accepted form otherwise. */
    public static Threshold parse(String metric, String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new InvalidInput("threshold '" + text + "' for metric '" + metric + "' is malformed",
                    "write an operator and a number, e.g. \">= 0.90\" or \"<= 0.2\"");
        }
        return new Threshold(metric, Op.of(m.group(1)), Double.parseDouble(m.group(2)));
    }

    public boolean holds(double actual) {
        return switch (op) {
            case GE -> actual >= value;
            case GT -> actual > value;
            case LE -> actual <= value;
            case LT -> actual < value;
            case EQ -> actual == value;
        };
    }

    /** The threshold as written: {@code >= 0.9}. */
    public String text() {
        return op.symbol + " " + (value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value));
    }

    public enum Op {
        GE(">="), GT(">"), LE("<="), LT("<"), EQ("==");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Op of(String symbol) {
            for (Op o : values()) {
                if (o.symbol.equals(symbol)) {
                    return o;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }
}
