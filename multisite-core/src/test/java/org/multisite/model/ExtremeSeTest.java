package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multisite.data.SiteData;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.prior.Prior;

/**
 * Issue 14, item 5: standard errors across 12 orders of magnitude. One site with se = 1e-12 made
 * the normal model's quadratic form lose every digit (yhat'W yhat - b'A^-1 b at small tau), and
 * tau came out 1e-13 with every site shrunk to one value. The posterior of tau is checked against
 * quadrature of the exact marginal posterior computed in 60-digit arithmetic.
 */
class ExtremeSeTest {
    private static final MathContext DIGITS = new MathContext(60);

    static SiteData data(double[] se) {
        double[] y = {1, 0.5, -1, 2, 0.3, -0.5};
        return SiteData.of(List.of("A", "B", "C", "D", "E", "F"), y, se);
    }

    /**
     * log p(y | tau) with mu ~ N(0, s0^2) integrated out, in 60 digits: -(1/2)(sum log V_j +
     * log s0^2 + log P + sum y^2/V - (sum y/V)^2 / P), V_j = se_j^2 + tau^2, P = 1/s0^2 + sum 1/V_j.
     */
    static double logMarginal(SiteData d, double tau, double s0) {
        BigDecimal t2 = new BigDecimal(tau).pow(2, DIGITS);
        BigDecimal p = BigDecimal.ONE.divide(new BigDecimal(s0).pow(2, DIGITS), DIGITS);
        BigDecimal s1 = BigDecimal.ZERO;
        BigDecimal s2 = BigDecimal.ZERO;
        double logV = 0;
        for (int j = 0; j < d.size(); j++) {
            BigDecimal v = new BigDecimal(d.se(j)).pow(2, DIGITS).add(t2, DIGITS);
            BigDecimal y = new BigDecimal(d.estimate(j));
            s1 = s1.add(y.pow(2, DIGITS).divide(v, DIGITS), DIGITS);
            s2 = s2.add(y.divide(v, DIGITS), DIGITS);
            p = p.add(BigDecimal.ONE.divide(v, DIGITS), DIGITS);
            logV += Math.log(v.doubleValue());
        }
        double quad = s1.subtract(s2.pow(2, DIGITS).divide(p, DIGITS), DIGITS).doubleValue();
        return -0.5 * (logV + 2 * Math.log(s0) + Math.log(p.doubleValue()) + quad);
    }

    /** E[tau | y] by the trapezoid rule in u = log tau from e^-35 to e^6, step 1e-3. */
    static double posteriorMeanTau(SiteData d, Prior tauPrior, double s0) {
        double z = 0;
        double m = 0;
        double max = Double.NEGATIVE_INFINITY;
        int n = 41_000;
        double[] logw = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            double u = -35 + i * 1e-3;
            double tau = Math.exp(u);
            logw[i] = logMarginal(d, tau, s0) + tauPrior.logDensity(tau) + u;
            max = Math.max(max, logw[i]);
        }
        for (int i = 0; i <= n; i++) {
            double w = Math.exp(logw[i] - max) * (i == 0 || i == n ? 0.5 : 1);
            z += w;
            m += w * Math.exp(-35 + i * 1e-3);
        }
        return m / z;
    }

    private static void checkAgainstQuadrature(double[] se) {
        SiteData d = data(se);
        NormalPriors priors = NormalPriors.defaults(d);
        double s0 = ((Prior.Normal) priors.mu()).sd();
        double exact = posteriorMeanTau(d, priors.tau().prior(), s0);
        FitResult fit = Fitter.fit(NormalModel.of(d, priors), new SamplerConfig(4, 0, 2000, 1, 3, 2));
        var tau = fit.summary().parameters().get("tau");
        // within 4 Monte Carlo standard errors (exact draws; false-failure rate 6e-5)
        assertThat(tau.mean()).as("E[tau | y], SEs %s", java.util.Arrays.toString(se)).isCloseTo(exact, within(4 * tau.mcseMean()));
        // and the sites are not all shrunk to one value
        assertThat(fit.summary().sites().get(3).effect().mean()).isGreaterThan(fit.summary().sites().get(2).effect().mean() + 0.5);
    }

    @Test
    void oneTinySeAmongOrdinaryOnes() {
        checkAgainstQuadrature(new double[] {1e-12, 1, 1.2, 0.8, 1, 0.9});
    }

    @Test
    void sesAcrossTwelveOrdersOfMagnitude() {
        checkAgainstQuadrature(new double[] {1e-12, 1e-9, 1e-6, 1e-3, 0.1, 1});
    }
}
