package dev.airisk.core.scan;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks an ONNX model's protobuf wire format as a stream, following the messages that can hold tensors,
 * and reports external-data locations that escape the model's folder. Tensor bytes are skipped, not read.
 */
final class Onnx {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_STRING = 64 * 1024;

    private enum Kind { MODEL, GRAPH, NODE, ATTRIBUTE, TENSOR, SPARSE, FUNCTION, TRAINING, ENTRY }

    /** Which length-delimited fields of each message are messages worth descending into. */
    private static final Map<Kind, Map<Integer, Kind>> CHILDREN = Map.of(
            Kind.MODEL, Map.of(7, Kind.GRAPH, 20, Kind.TRAINING, 25, Kind.FUNCTION),
            Kind.GRAPH, Map.of(1, Kind.NODE, 5, Kind.TENSOR, 15, Kind.SPARSE),
            Kind.NODE, Map.of(5, Kind.ATTRIBUTE),
            Kind.ATTRIBUTE, Map.of(5, Kind.TENSOR, 6, Kind.GRAPH, 10, Kind.TENSOR, 11, Kind.GRAPH,
                    22, Kind.SPARSE, 23, Kind.SPARSE),
            Kind.TENSOR, Map.of(13, Kind.ENTRY),
            Kind.SPARSE, Map.of(1, Kind.TENSOR, 2, Kind.TENSOR),
            Kind.FUNCTION, Map.of(7, Kind.NODE),
            Kind.TRAINING, Map.of(1, Kind.GRAPH, 2, Kind.GRAPH),
            Kind.ENTRY, Map.of());

    /** An external-data location that escapes, and where. */
    record Escape(String tensor, String location, String why, long offset) {
    }

    private final InputStream in;
    private long pos;
    private final List<Escape> escapes = new ArrayList<>();

    private Onnx(InputStream in) {
        this.in = in;
    }

    /** Walks the whole model; {@code size} is the file's size, or -1 to read to the end. */
    static List<Escape> walk(long size, InputStream in) throws IOException, FormatException {
        Onnx o = new Onnx(new BufferedInputStream(in, 64 * 1024));
        o.message(Kind.MODEL, size < 0 ? Long.MAX_VALUE : size, 0, null);
        return o.escapes;
    }

    /** Parses one message ending at {@code end} (Long.MAX_VALUE: at the end of the stream). */
    private void message(Kind kind, long end, int depth, String[] entry) throws IOException, FormatException {
        if (depth > MAX_DEPTH) {
            throw new FormatException("messages nest deeper than " + MAX_DEPTH + " levels", pos);
        }
        String tensorName = null;
        List<long[]> entryOffsets = new ArrayList<>();
        List<String[]> entries = new ArrayList<>();
        while (pos < end) {
            long tagAt = pos;
            long tag = varint(end == Long.MAX_VALUE);
            if (tag < 0) {
                break;
            }
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field <= 0 || tag >>> 3 > 0x1fffffff) {
                throw new FormatException("field number " + (tag >>> 3) + " is not valid", tagAt);
            }
            switch (wire) {
                case 0:
                    varint(false);
                    break;
                case 1:
                    skip(8, end);
                    break;
                case 5:
                    skip(4, end);
                    break;
                case 2: {
                    long len = varint(false);
                    if (len < 0 || len > end - pos) {
                        throw new FormatException("a field of length " + len + " runs past the end of its message", tagAt);
                    }
                    long stop = pos + len;
                    Kind child = CHILDREN.get(kind).get(field);
                    if (child == Kind.ENTRY) {
                        String[] kv = new String[2];
                        entryOffsets.add(new long[] {tagAt});
                        message(Kind.ENTRY, stop, depth + 1, kv);
                        entries.add(kv);
                    } else if (child != null) {
                        message(child, stop, depth + 1, null);
                    } else if (kind == Kind.ENTRY && (field == 1 || field == 2) && len <= MAX_STRING) {
                        entry[field - 1] = new String(bytes((int) len), StandardCharsets.UTF_8);
                    } else if (kind == Kind.TENSOR && field == 8 && len <= MAX_STRING) {
                        tensorName = new String(bytes((int) len), StandardCharsets.UTF_8);
                    } else {
                        skip(len, end);
                    }
                    if (pos != stop) {
                        throw new FormatException("a nested message does not end where its length says", tagAt);
                    }
                    break;
                }
                default:
                    throw new FormatException("wire type " + wire + " is not used by ONNX", tagAt);
            }
        }
        if (end != Long.MAX_VALUE && pos != end) {
            throw new FormatException("a message runs past its length", pos);
        }
        for (int k = 0; k < entries.size(); k++) {
            String[] kv = entries.get(k);
            if ("location".equals(kv[0]) && kv[1] != null) {
                String why = escape(kv[1]);
                if (why != null) {
                    escapes.add(new Escape(tensorName == null ? "?" : tensorName, kv[1], why, entryOffsets.get(k)[0]));
                }
            }
        }
    }

    /** Why an external-data location is outside the model's folder, or null when it is inside. */
    static String escape(String location) {
        if (location.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        if (location.startsWith("/") || location.startsWith("\\")) {
            return location.startsWith("\\\\") || location.startsWith("//") ? "is a UNC or network path" : "is an absolute path";
        }
        if (location.length() >= 2 && Character.isLetter(location.charAt(0)) && location.charAt(1) == ':') {
            return "has a drive prefix";
        }
        if (location.contains("://") || location.regionMatches(true, 0, "file:", 0, 5)) {
            return "is a URL";
        }
        int depth = 0;
        for (String part : location.split("[/\\\\]")) {
            if (part.equals("..")) {
                depth--;
                if (depth < 0) {
                    return "climbs out of the model's folder";
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return null;
    }

    /** Reads a varint; at a clean end of stream returns -1 when {@code eofOk}. */
    private long varint(boolean eofOk) throws IOException, FormatException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                if (eofOk && shift == 0) {
                    return -1;
                }
                throw new FormatException("the file ends inside a varint", pos);
            }
            pos++;
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new FormatException("a varint is longer than 10 bytes", pos);
    }

    private byte[] bytes(int len) throws IOException, FormatException {
        byte[] b = in.readNBytes(len);
        pos += b.length;
        if (b.length < len) {
            throw new FormatException("the file ends inside a field", pos);
        }
        return b;
    }

    private void skip(long n, long end) throws IOException, FormatException {
        if (n > end - pos) {
            throw new FormatException("a field runs past the end of its message", pos);
        }
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new FormatException("the file ends inside a field", pos);
        }
        pos += n;
    }
}
