package org.multisite.data;

/** Thrown when input data break a rule of the model; the message names the offending value. */
public class InvalidDataException extends IllegalArgumentException {
    public InvalidDataException(String message) {
        super(message);
    }
}
