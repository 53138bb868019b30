package org.multisite.mcmc;

/**
 * Where a long computation is, for a caller that shows it (the library prints nothing). The
 * chains call {@link #sweeps} from their own threads, once per sweep, so an implementation
 * must be cheap and thread-safe.
 */
public interface Progress {
    /** Shows nothing. */
    Progress NONE = new Progress() {
        @Override
        public void phase(String name) {
        }

        @Override
        public void sweeps(int chain, long done) {
        }
    };

    /** A phase begins ({@code sampling}, {@code summarizing}); the sweep counts start again. */
    void phase(String name);

    /** Chain {@code chain} (from 0) has done {@code done} sweeps of this phase, warm-up included. */
    void sweeps(int chain, long done);
}
