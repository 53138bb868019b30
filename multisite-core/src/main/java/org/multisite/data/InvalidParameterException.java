package org.multisite.data;

import org.multisite.numeric.Decimals;

/**
 * A factory refused a parameter: a prior, a model's option, a sampler setting or a design
 * factor. It names the parameter and the value it got, so that a front end can point at the
 * option or the file entry that set it ({@code --prior mu=...}, {@code --components},
 * {@code factors.sites}) without checking every condition itself.
 *
 * <p>The message reads {@code NAME=VALUE: REASON} for a prior and {@code NAME VALUE: REASON}
 * otherwise.
 */
public class InvalidParameterException extends IllegalArgumentException {
    private final String parameter;
    private final String value;
    private final String reason;
    private final boolean prior;

    private InvalidParameterException(String parameter, String value, String reason, boolean prior) {
        super(parameter + (prior ? "=" : " ") + value + ": " + reason);
        this.parameter = parameter;
        this.value = value;
        this.reason = reason;
        this.prior = prior;
    }

    /** A prior refused: {@code target} (mu, tau, beta[x], ...), the prior it got, and why. */
    public static InvalidParameterException prior(String target, Object prior, String reason) {
        return new InvalidParameterException(target, String.valueOf(prior), reason, true);
    }

    /** Another parameter refused: its name (components, chains, sites, ...), the value it got, and why. */
    public static InvalidParameterException of(String parameter, Object value, String reason) {
        String text = value instanceof Double d ? Decimals.format(d) : String.valueOf(value);
        return new InvalidParameterException(parameter, text, reason, false);
    }

    /** The parameter's name as the library spells it. */
    public String parameter() {
        return parameter;
    }

    /** The refused value, as text. */
    public String value() {
        return value;
    }

    /** Why it was refused. */
    public String reason() {
        return reason;
    }

    /** Whether the parameter is a prior (a target and a distribution). */
    public boolean isPrior() {
        return prior;
    }

    /** The message with the parameter spelled {@code name} (an option, a file entry), the value and the reason kept. */
    public String messageFor(String name) {
        return name + (prior ? "=" : " ") + value + ": " + reason;
    }
}
