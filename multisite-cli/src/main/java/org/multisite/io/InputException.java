package org.multisite.io;

/**
 * Bad input or usage: the CLI prints the message as one line and exits with code 2. Messages
 * name the file, line and column, or the option, at fault.
 */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }
}
