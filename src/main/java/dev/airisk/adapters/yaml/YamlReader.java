package dev.airisk.adapters.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Limits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses one YAML document into {@link Node}s that remember their lines. Only plain data is read:
 * no tags, no aliases, one document, no repeated keys, bounded size and depth. Nothing is ever
 * turned into an object of a type the document names.
 */
final class YamlReader {
    static final int MAX_BYTES = Math.toIntExact(Limits.REGISTRY_READ.max());
    private static final int MAX_DEPTH = 32;

    private final YAMLFactory factory;

    YamlReader() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setMaxAliasesForCollections(0);
        options.setAllowDuplicateKeys(true); // reported below, with both lines
        options.setAllowRecursiveKeys(false);
        this.factory = YAMLFactory.builder()
                .loaderOptions(options)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .build();
    }

    /** The document's root; an empty document is an empty mapping. */
    Node read(byte[] bytes, String file) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInput(file + ": line 1: the file is larger than " + (MAX_BYTES >> 20) + " MiB", null);
        }
        try (YAMLParser parser = factory.createParser(bytes)) {
            Parse parse = new Parse(parser, file);
            if (parser.nextToken() == null) {
                return Node.mapping(file, 1, "", Map.of(), Map.of());
            }
            Node root = parse.value("", 0);
            if (parser.nextToken() != null) {
                throw parse.error("a file holds one YAML document; remove the second '---' and what follows");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw malformed(file, e);
        } catch (IOException e) {
            throw new InvalidInput(file + ": line 1: " + e.getMessage(), null, e);
        }
    }

    /** {@code FILE: line N: <the parser's short reason>}. */
    private static InvalidInput malformed(String file, JsonProcessingException e) {
        Throwable cause = e.getCause();
        String reason = e.getOriginalMessage();
        int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
        if (cause instanceof MarkedYAMLException marked) {
            reason = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
            Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            line = mark == null ? line : mark.getLine() + 1;
        } else if (cause != null && cause.getMessage() != null) {
            reason = cause.getMessage();
        }
        return new InvalidInput(file + ": line " + line + ": " + firstLine(reason), null, e);
    }

    private static String firstLine(String s) {
        String t = s == null ? "the YAML cannot be read" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    /** One pass over the parser's tokens. */
    private static final class Parse {
        private final YAMLParser parser;
        private final String file;

        Parse(YAMLParser parser, String file) {
            this.parser = parser;
            this.file = file;
        }

        /** Reads the value at the current token. */
        Node value(String path, int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw error("the document is nested more than " + MAX_DEPTH + " levels deep");
            }
            checkPlain();
            int line = line();
            JsonToken token = parser.currentToken();
            return switch (token) {
                case START_OBJECT -> mapping(path, line, depth);
                case START_ARRAY -> sequence(path, line, depth);
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL ->
                        Node.scalar(file, line, path, token, parser.getText());
                default -> throw error("'" + Node.shown(String.valueOf(parser.getText())) + "' is not plain YAML data");
            };
        }

        private Node mapping(String path, int line, int depth) throws IOException {
            Map<String, Node> fields = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = line();
                if (keyLines.containsKey(key)) {
                    throw error(Node.childPath(path, key) + " is given twice (first on line " + keyLines.get(key) + ")");
                }
                keyLines.put(key, keyLine);
                parser.nextToken();
                fields.put(key, value(Node.childPath(path, key), depth + 1));
            }
            return Node.mapping(file, line, path, fields, keyLines);
        }

        private Node sequence(String path, int line, int depth) throws IOException {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(value(path + "[" + items.size() + "]", depth + 1));
            }
            return Node.sequence(file, line, path, items);
        }

        /** Refuses what safe loading leaves out: aliases and explicit tags. */
        private void checkPlain() throws IOException {
            if (parser.isCurrentAlias()) {
                throw error("aliases (*" + Node.shown(parser.getText()) + ") are not allowed; write the value out");
            }
            String tag = parser.getTypeId();
            if (tag != null) {
                throw error("tags (" + Node.shown(tag) + ") are not allowed; write plain values");
            }
        }

        private int line() {
            return Math.max(1, parser.currentTokenLocation().getLineNr());
        }

        InvalidInput error(String what) {
            return new InvalidInput(file + ": line " + line() + ": " + what, null);
        }
    }
}
