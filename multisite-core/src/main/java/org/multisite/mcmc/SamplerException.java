package org.multisite.mcmc;

/**
 * A sampler could not go on: its state left the posterior's support, or a step found no point
 * where the target is defined. Names the parameter it was updating.
 */
public class SamplerException extends RuntimeException {
    private final String parameter;

    public SamplerException(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
    }

    /** The parameter the failed step was updating. */
    public String parameter() {
        return parameter;
    }
}
