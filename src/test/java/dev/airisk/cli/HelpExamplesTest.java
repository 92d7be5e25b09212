package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** The examples in the commands' help are command lines the parser accepts, for the command they illustrate. */
class HelpExamplesTest {
    /** The commands a release engineer runs most; each shows examples in its help. */
    private static final List<String> MOST_USED = List.of("register", "verify", "check", "approve", "status", "promote",
            "canary", "rollback", "deprecate", "notify");

    @Test
    void eachSubcommandsName_isTheNameItsClassDeclares() {
        CommandLine tree = Generated.tree();
        assertEquals(List.copyOf(AiriskCommand.SUBCOMMANDS.keySet()), List.copyOf(tree.getSubcommands().keySet()));
        AiriskCommand.SUBCOMMANDS.forEach((name, cls) ->
                assertEquals(name, cls.getAnnotation(CommandLine.Command.class).name(), cls.getName()));
    }

    @Test
    void mostUsedCommands_showExamplesInTheirHelp() {
        CommandLine tree = Generated.tree();
        for (String name : MOST_USED) {
            CommandLine cl = tree.getSubcommands().get(name);
            String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertTrue(help.contains("\nExamples:\n"), "'airisk " + name + " --help' shows examples:\n" + help);
            assertFalse(examples(cl.getCommandSpec()).isEmpty(), "airisk " + name + " has example command lines");
        }
    }

    @Test
    void everyExampleInTheHelp_parses_asTheCommandItIllustrates() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        collect(Generated.tree().getCommandSpec(), all);
        assertTrue(all.values().stream().mapToInt(List::size).sum() >= 2 * MOST_USED.size(), "examples found: " + all);
        for (Map.Entry<String, List<String>> e : all.entrySet()) {
            for (String example : e.getValue()) {
                List<String> words = words(example);
                assertEquals("airisk", words.get(0), example);
                CommandLine fresh = Generated.tree();
                ParseResult parsed;
                try {
                    parsed = fresh.parseArgs(words.subList(1, words.size()).toArray(String[]::new));
                } catch (CommandLine.ParameterException ex) {
                    fail("the example '" + example + "' in the help of '" + e.getKey() + "' does not parse: " + ex.getMessage());
                    return;
                }
                String ran = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1).getCommandSpec().qualifiedName();
                assertTrue(ran.equals(e.getKey()) || ran.startsWith(e.getKey() + " "),
                        "the example '" + example + "' in the help of '" + e.getKey() + "' runs '" + ran + "'");
                assertFalse(parsed.isUsageHelpRequested(), example);
            }
        }
    }

    @Test
    void words_splitLikeAShell() {
        assertEquals(List.of("airisk", "promote", "m@1", "--reason", "INC-1 hotfix", "--x", "a b"),
                words("airisk promote m@1 --reason \"INC-1 hotfix\" --x 'a b'"));
        assertEquals(List.of("airisk", "status", "--format", "json"), words("airisk status --format json | jq ."));
        assertEquals(List.of("airisk", "completion", "bash"), words("airisk completion bash)"));
    }

    private static void collect(CommandSpec spec, Map<String, List<String>> all) {
        List<String> found = examples(spec);
        if (!found.isEmpty()) {
            all.put(spec.qualifiedName(), found);
        }
        for (CommandLine sub : spec.subcommands().values()) {
            collect(sub.getCommandSpec(), all);
        }
    }

    /**
     * The footer's command lines (indented by four spaces under a line saying what they do), from
     * the word airisk on: {@code source <(airisk completion bash)} gives {@code airisk completion bash)}.
     */
    static List<String> examples(CommandSpec spec) {
        List<String> found = new ArrayList<>();
        for (String line : spec.usageMessage().footer()) {
            String text = String.format(line);
            if (text.startsWith("    ")) {
                Matcher m = Pattern.compile("(^|\\()airisk( |$)").matcher(text.strip());
                assertTrue(m.find(), "the example '" + text.strip() + "' runs airisk");
                found.add(text.strip().substring(m.start() + m.group(1).length()));
            }
        }
        return found;
    }

    /**
     * Splits a command line into words as a POSIX shell does for plain words and quoted strings, up
     * to a redirection, pipe or the end of a process substitution.
     */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if ("<>|;&)".indexOf(c) >= 0) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        assertEquals(0, quote, "unbalanced quotes in " + line);
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
