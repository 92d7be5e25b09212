package dev.airisk.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The reference for startup time: a bare picocli hello-world with a version option. */
@Command(name = "hello", mixinStandardHelpOptions = true, version = "hello 1.0")
public final class Hello implements Runnable {
    @Override
    public void run() {
        System.out.println("hello");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Hello()).execute(args));
    }
}
