package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import java.io.Console;
import java.util.Arrays;

/**
 * The questions a command asks a person on the terminal: a key's passphrase (unless
 * AIRISK_KEY_PASSPHRASE gives it) and a confirmation. Without a terminal each fails with what to
 * set or pass instead, never waiting for input that cannot come.
 */
final class Prompts {
    private final String passphraseVariable;
    private final Console console;

    /** Prompts on {@code console} (null: there is no terminal), with the value of AIRISK_KEY_PASSPHRASE (null: unset). */
    Prompts(String passphraseVariable, Console console) {
        this.passphraseVariable = passphraseVariable;
        this.console = console;
    }

    /**
     * AIRISK_KEY_PASSPHRASE, else a prompt on the terminal, else a clear error. An empty variable is
     * no passphrase (none is accepted): the terminal is asked, and without one the error says so.
     */
    char[] passphrase(String keyName, boolean confirm) {
        String fromEnv = passphraseVariable;
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        if (console == null && fromEnv != null) {
            throw new InvalidInput("no passphrase for key '" + keyName + "': " + Context.PASSPHRASE + " is empty and there is no terminal to ask on",
                    "set " + Context.PASSPHRASE + " to the passphrase of key '" + keyName + "'");
        }
        if (console == null) {
            throw new InvalidInput("no passphrase for key '" + keyName + "' and no terminal to ask on",
                    "set AIRISK_KEY_PASSPHRASE");
        }
        char[] first = console.readPassword("Passphrase for key '%s': ", keyName);
        if (first == null) {
            throw new InvalidInput("no passphrase was entered for key '" + keyName + "'", "enter one, or set AIRISK_KEY_PASSPHRASE");
        }
        if (confirm) {
            char[] again = console.readPassword("Repeat the passphrase: ");
            boolean same = again != null && Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new InvalidInput("the passphrases do not match", "run the command again and type the same passphrase twice");
            }
        }
        return first;
    }

    /**
     * Asks a person to confirm on the terminal. Without a terminal it fails instead of waiting, so a
     * script must pass --yes.
     */
    void confirm(String question) {
        if (console == null) {
            throw new InvalidInput(question.replaceAll("\\?$", "") + ": confirmation needed and there is no terminal to ask on",
                    "pass --yes");
        }
        String answer = console.readLine("%s [y/N] ", question);
        if (answer == null || !(answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"))) {
            throw new InvalidInput("not confirmed; nothing was changed", "answer y to go ahead, or pass --yes");
        }
    }
}
