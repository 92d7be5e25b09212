package dev.airisk.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Checks a safetensors header against its data section without reading the data. */
final class Safetensors {
    static final long MAX_HEADER = 100L * 1024 * 1024;
    private static final int MAX_PROBLEMS = 20;

    private Safetensors() {
    }

    /** Whether the first bytes look like safetensors: a sane little-endian header length, then '{'. */
    static boolean sniff(byte[] head, long size) {
        if (head.length < 9 || head[8] != '{') {
            return false;
        }
        long n = headerLength(head);
        return n >= 2 && n <= MAX_HEADER && (size < 0 || n <= size - 8);
    }

    static long headerLength(byte[] b) {
        long n = 0;
        for (int k = 7; k >= 0; k--) {
            n = (n << 8) | (b[k] & 0xff);
        }
        return n;
    }

    /**
     * Reads the header and checks it; skips the data section, counting it when {@code size} is unknown.
     * Returns the problems found (empty when well formed).
     */
    static List<String> check(long size, InputStream in, byte[] buffer) throws IOException {
        List<String> problems = new ArrayList<>();
        byte[] len = in.readNBytes(8);
        if (len.length < 8) {
            problems.add("the file is shorter than the 8-byte header length");
            return problems;
        }
        long n = headerLength(len);
        if (n < 0 || n > MAX_HEADER) {
            problems.add("header length " + Long.toUnsignedString(n) + " is larger than the 100 MiB limit");
            return problems;
        }
        if (size >= 0 && n > size - 8) {
            problems.add("header length " + n + " is larger than the file (" + size + " bytes)");
            return problems;
        }
        byte[] header = in.readNBytes((int) n);
        if (header.length < n) {
            problems.add("header length " + n + " is larger than the file");
            return problems;
        }
        long dataLength = size >= 0 ? size - 8 - n : Streams.drain(in, buffer);
        Object parsed;
        try {
            parsed = StrictJson.parse(header);
        } catch (FormatException e) {
            problems.add("header is not valid JSON: " + e.getMessage());
            return problems;
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            problems.add("header is not a JSON object");
            return problems;
        }
        List<long[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (problems.size() >= MAX_PROBLEMS) {
                break;
            }
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> meta) || !meta.values().stream().allMatch(v -> v instanceof String)) {
                    problems.add("__metadata__ is not a map of strings");
                }
                continue;
            }
            long[] span = tensor(name, e.getValue(), dataLength, problems);
            if (span != null) {
                spans.add(span);
                names.add(name);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < spans.size(); k++) {
            order.add(k);
        }
        order.sort(Comparator.<Integer>comparingLong(k -> spans.get(k)[0]).thenComparingLong(k -> spans.get(k)[1]));
        for (int k = 1; k < order.size() && problems.size() < MAX_PROBLEMS; k++) {
            long[] prev = spans.get(order.get(k - 1));
            long[] cur = spans.get(order.get(k));
            if (cur[0] < prev[1]) {
                problems.add("tensors '" + names.get(order.get(k - 1)) + "' [" + prev[0] + ", " + prev[1] + ") and '"
                        + names.get(order.get(k)) + "' [" + cur[0] + ", " + cur[1] + ") overlap");
            }
        }
        return problems;
    }

    private static long[] tensor(String name, Object value, long dataLength, List<String> problems) {
        if (!(value instanceof Map<?, ?> t)) {
            problems.add("tensor '" + name + "' is not an object");
            return null;
        }
        if (!(t.get("dtype") instanceof String dtype)) {
            problems.add("tensor '" + name + "' has no dtype string");
            return null;
        }
        if (!(t.get("shape") instanceof List<?> shape)) {
            problems.add("tensor '" + name + "' has no shape array");
            return null;
        }
        if (!(t.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
            problems.add("tensor '" + name + "' has no data_offsets [begin, end] of integers");
            return null;
        }
        if (begin < 0 || end < 0 || begin > end) {
            problems.add("tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] with begin after end");
            return null;
        }
        if (end > dataLength) {
            problems.add("tensor '" + name + "' has data_offsets [" + begin + ", " + end
                    + "] beyond the data section (" + dataLength + " bytes)");
            return null;
        }
        long elements = 1;
        for (Object d : shape) {
            if (!(d instanceof Long dim) || dim < 0) {
                problems.add("tensor '" + name + "' has a shape entry that is not a non-negative integer");
                return null;
            }
            try {
                elements = Math.multiplyExact(elements, dim);
            } catch (ArithmeticException ex) {
                problems.add("tensor '" + name + "' has a shape whose size overflows");
                return null;
            }
        }
        int width = dtypeSize(dtype);
        if (width > 0) {
            long expected;
            try {
                expected = Math.multiplyExact(elements, width);
            } catch (ArithmeticException ex) {
                problems.add("tensor '" + name + "' has a shape whose size overflows");
                return null;
            }
            if (end - begin != expected) {
                problems.add("tensor '" + name + "' holds " + (end - begin) + " bytes but its shape " + shape
                        + " of " + dtype + " needs " + expected);
                return null;
            }
        }
        return new long[] {begin, end};
    }

    /** Bytes per element of a known dtype, or 0 when unknown. */
    static int dtypeSize(String dtype) {
        switch (dtype) {
            case "F64": case "I64": case "U64":
                return 8;
            case "F32": case "I32": case "U32":
                return 4;
            case "F16": case "BF16": case "I16": case "U16":
                return 2;
            case "I8": case "U8": case "BOOL": case "F8_E4M3": case "F8_E5M2":
                return 1;
            default:
                return 0;
        }
    }
}
