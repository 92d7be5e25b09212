package dev.airisk.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs several airisk command lines, separated by {@code ::}, one after another in this JVM, each as
 * {@code dev.airisk.Main} runs one (the process's streams and terminal, the real environment), and
 * prints {@code == exit N} on stdout after each. Lets a test run many commands under one terminal
 * without starting a JVM for each.
 */
public final class CommandSequence {
    private CommandSequence() {
    }

    public static void main(String[] args) {
        List<String> one = new ArrayList<>();
        for (String a : Arrays.asList(args)) {
            if (a.equals("::")) {
                run(one);
                one.clear();
            } else {
                one.add(a);
            }
        }
        run(one);
        System.exit(0);
    }

    private static void run(List<String> args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = Cli.run(args.toArray(String[]::new), System.getenv(), out, err);
        out.flush();
        err.flush();
        out.println("== exit " + code);
    }
}
