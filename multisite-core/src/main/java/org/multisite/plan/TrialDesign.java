package org.multisite.plan;

import org.multisite.data.InvalidParameterException;
import org.multisite.numeric.Decimals;

/**
 * A planned multi-site randomized trial: J sites of about n units each (site sizes with a
 * coefficient of variation), a share of each site's units treated, the outcome, and the assumed
 * effects: the average effect and the SD of the site effects tau, both in effect-size units (SDs of
 * the outcome for a continuous one, as Optimal Design and PowerUpR; log odds for a binary one;
 * the estimates' own units when the standard errors are given).
 */
public record TrialDesign(int sites, double units, double sizeCv, double treated, Outcome outcome, double effect,
                          double tau) {
    /** The most sites and units per site a plan takes: far beyond any trial. */
    public static final int MAX_SITES = 1_000_000;
    public static final double MAX_UNITS = 1e7;

    /** How each site's effect is estimated, which sets its sampling variance. */
    public sealed interface Outcome {
        /** The sampling variance of one site's effect estimate when it has {@code n} units, {@code treated} of them treated. */
        double siteVariance(double n, double treated, double effect);

        /** The residual degrees of freedom of the pooled within-site variance (infinite when the variance is known). */
        double withinDf(int sites, double n);

        /** The fewest units per site the outcome takes. */
        default double minUnits() {
            return 2;
        }
    }

    /**
     * A continuous outcome standardized to total variance 1: {@code icc} of it between sites and
     * {@code r2} of the within-site part explained by unit covariates. A site's difference in
     * means has variance (1 - icc)(1 - r2) / (p (1 - p) n) (PowerUpR's bira2r1; Raudenbush & Liu 2000).
     */
    public record Continuous(double icc, double r2) implements Outcome {
        public Continuous {
            if (!(icc >= 0 && icc < 1)) {
                throw InvalidParameterException.of("icc", icc, "expected a share of variance in [0, 1)");
            }
            if (!(r2 >= 0 && r2 < 1)) {
                throw InvalidParameterException.of("r2", r2, "expected a share of variance in [0, 1)");
            }
        }

        @Override
        public double siteVariance(double n, double treated, double effect) {
            return (1 - icc) * (1 - r2) / (treated * (1 - treated) * n);
        }

        /** J (n - 2) as in Raudenbush & Liu's test of the effects' variance; one less per site with a covariate. */
        @Override
        public double withinDf(int sites, double n) {
            return sites * (n - (r2 > 0 ? 3 : 2));
        }

        /** One within-site degree of freedom at least: 3 units, 4 with a covariate. */
        @Override
        public double minUnits() {
            return r2 > 0 ? 4 : 3;
        }
    }

    /**
     * A binary outcome with the control arm's rate {@code controlRate}; the effect is a log odds
     * ratio. A site's log odds ratio has the delta-method variance 1 / (n p pi1 (1 - pi1)) +
     * 1 / (n (1 - p) pi0 (1 - pi0)), pi1 the treated rate at the average effect.
     */
    public record Binary(double controlRate) implements Outcome {
        public Binary {
            if (!(controlRate > 0 && controlRate < 1)) {
                throw InvalidParameterException.of("control-rate", controlRate, "expected a rate in (0, 1)");
            }
        }

        @Override
        public double siteVariance(double n, double treated, double effect) {
            double logit = Math.log(controlRate / (1 - controlRate)) + effect;
            double rate = 1 / (1 + Math.exp(-logit));
            return 1 / (n * treated * rate * (1 - rate)) + 1 / (n * (1 - treated) * controlRate * (1 - controlRate));
        }

        @Override
        public double withinDf(int sites, double n) {
            return Double.POSITIVE_INFINITY;
        }
    }

    /** Every site's effect estimated with the standard error {@code se}, whatever its size. */
    public record KnownSe(double se) implements Outcome {
        public KnownSe {
            // the closed forms use se^2: it must be a positive, finite double
            if (!(se * se >= Double.MIN_NORMAL) || !Double.isFinite(se * se)) {
                throw InvalidParameterException.of("se", se, "expected a number > 0 whose square is a finite, normal"
                        + " double (1e-150 to 1e150): give the estimates in other units");
            }
        }

        @Override
        public double siteVariance(double n, double treated, double effect) {
            return se * se;
        }

        @Override
        public double withinDf(int sites, double n) {
            return Double.POSITIVE_INFINITY;
        }
    }

    /** @throws InvalidParameterException naming the option out of range */
    public TrialDesign {
        if (sites < 2 || sites > MAX_SITES) {
            throw InvalidParameterException.of("sites", sites, "expected 2 to " + MAX_SITES);
        }
        if (!(units >= 2) || !(units <= MAX_UNITS)) {
            throw InvalidParameterException.of("units", units, "expected 2 to " + (long) MAX_UNITS + " units per site");
        }
        if (!(sizeCv >= 0) || !(sizeCv <= 10)) {
            throw InvalidParameterException.of("size-cv", sizeCv, "expected a coefficient of variation from 0 to 10");
        }
        if (!(treated > 0 && treated < 1)) {
            throw InvalidParameterException.of("treated", treated, "expected a share in (0, 1)");
        }
        if (!Double.isFinite(effect)) {
            throw InvalidParameterException.of("effect", effect, "expected a finite number");
        }
        if (!(tau >= 0) || !Double.isFinite(tau * tau)) {
            throw InvalidParameterException.of("tau", tau, "expected a number >= 0 whose square is finite");
        }
        if (units < outcome.minUnits()) {
            throw InvalidParameterException.of("units", units, "this outcome needs at least " + Decimals.format(outcome.minUnits())
                    + " units per site (one within-site degree of freedom)");
        }
        double v = outcome.siteVariance(units, treated, effect);
        if (!(v >= Double.MIN_NORMAL) || !Double.isFinite(v) || !Double.isFinite(v + tau * tau)) {
            Object[] named = outcome instanceof KnownSe k ? new Object[] {"se", k.se()}
                    : outcome instanceof Binary b ? new Object[] {"control-rate", b.controlRate()} : new Object[] {"units", units};
            throw InvalidParameterException.of((String) named[0], named[1], "a site estimate's sampling variance is " + v
                    + ", not a positive, finite double beside tau^2: give the effects in other units");
        }
    }

    /** The sampling variance V of one site's effect estimate at the mean site size. */
    public double siteVariance() {
        return outcome.siteVariance(units, treated, effect);
    }

    /** The informativeness I = tau^2 / (tau^2 + V): how much of the estimates' spread is real. */
    public double informativeness() {
        return tau * tau / (tau * tau + siteVariance());
    }

    /** The same trial with {@code sites} sites of {@code units} units. */
    public TrialDesign withSize(int sites, double units) {
        return new TrialDesign(sites, units, sizeCv, treated, outcome, effect, tau);
    }
}
