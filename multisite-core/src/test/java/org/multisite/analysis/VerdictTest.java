package org.multisite.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.multisite.compare.PredictiveChecks;
import org.multisite.data.SiteData;
import org.multisite.eb.Heterogeneity;
import org.multisite.fit.FitResult;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.model.NormalModel;
import org.multisite.model.NormalPriors;
import org.multisite.summary.Convergence;
import org.multisite.summary.FitSummary;
import org.multisite.summary.ParameterSummary;

/** The rules of docs/verdict.md, one by one, on evidence set by hand. */
class VerdictTest {
    private static FitResult converged;
    private static FitResult failed;
    private static FitResult t;

    @BeforeAll
    static void fits() {
        List<String> ids = new ArrayList<>();
        double[] y = new double[30];
        double[] se = new double[30];
        for (int j = 0; j < 30; j++) {
            ids.add("s" + j);
            y[j] = j % 5 - 2;
            se[j] = 0.5;
        }
        SiteData data = SiteData.of(ids, y, se);
        converged = Fitter.fit(NormalModel.of(data, NormalPriors.defaults(data)), SamplerConfig.defaults().withDraws(200).withWarmup(0));
        t = Fitter.fit(org.multisite.model.GSpec.of("t").siteLevel(data), SamplerConfig.defaults().withDraws(200).withWarmup(200));
        FitSummary s = converged.summary();
        // two chains that disagree: R-hat far above 1.01
        double[] split = new double[400];
        for (int i = 0; i < 400; i++) {
            split[i] = (i < 200 ? 0 : 1) + 0.01 * (i % 7);
        }
        Convergence bad = Convergence.of(Map.of("mu", ParameterSummary.of(split, 2)), 2);
        failed = new FitResult(converged.model(), converged.sampler(), converged.draws(),
                new FitSummary(s.parameters(), s.informativeness(), s.sites(), s.siteQuantities(), s.distribution(), s.expectedEdf(), bad),
                converged.seconds());
    }

    private static Heterogeneity het(int sites, double informativeness) {
        // tau^2 = 1 with bounds 0.5 and 2, GM(se^2) set by the informativeness
        return new Heterogeneity(sites, sites - 1, 2.0 * sites, 1e-6, 1, 0.5, 2, 1, 0.1, 0.05, -2, 2,
                (1 - informativeness) / informativeness);
    }

    /** p-values of the normal model's checks in STATISTICS order: sd, skewness, kurtosis, max, min, two_groups. */
    private static List<PredictiveChecks.Check> checks(double... p) {
        List<PredictiveChecks.Check> out = new ArrayList<>();
        for (int k = 0; k < p.length; k++) {
            out.add(new PredictiveChecks.Check(PredictiveChecks.STATISTICS.get(k), 0, 0, p[k]));
        }
        return out;
    }

    private static ModelAnalysis model(String label, FitResult fit, double diff, double se, List<PredictiveChecks.Check> checks,
                                       double twoGroups, double heavy) {
        int j = fit.model().data().size();
        ShapeEvidence.TwoGroups groups = Double.isNaN(twoGroups) ? null
                : new ShapeEvidence.TwoGroups(twoGroups, 0.7, 0.6, 0.8, -1, 2);
        return new ModelAnalysis(label, fit, diff, se, 0, 0.2, checks, groups, heavy, new double[j], 0.5, new double[j],
                fit.summary().parameters().get("mu"), 0.6);
    }

    private static List<ModelAnalysis> models(List<PredictiveChecks.Check> normalChecks, double looDiff, double twoGroups,
                                              double heavy, FitResult mixtureFit) {
        List<PredictiveChecks.Check> calm = checks(0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        return List.of(model("normal", converged, 0, 0, normalChecks, Double.NaN, Double.NaN),
                model("t", t, 0, 1, calm, Double.NaN, heavy),
                model("mixture", mixtureFit, looDiff, 2, calm, twoGroups, Double.NaN));
    }

    private static final List<PredictiveChecks.Check> CALM = checks(0.5, 0.5, 0.5, 0.5, 0.5, 0.5);

    @Test
    void fewSitesOrLittleInformationCannotTell() {
        Verdict few = Verdict.of(het(19, 0.9), models(checks(0.5, 0.5, 0.5, 0.5, 0.5, 0.001), 10, 0.9, 0.1, converged), 0);
        assertThat(few.shape()).isEqualTo(Verdict.CANNOT_TELL);
        assertThat(few.text()).contains("cannot tell").contains("at least 20 sites");
        Verdict noisy = Verdict.of(het(100, 0.2), models(checks(0.5, 0.5, 0.5, 0.5, 0.5, 0.001), 10, 0.9, 0.1, converged), 0);
        assertThat(noisy.shape()).isEqualTo(Verdict.CANNOT_TELL);
        // tau^2 = 1, I = 0.2: s^2 = 4; I = 0.25 needs s^2 = 3, sites 4/3 times larger
        assertThat(noisy.text()).contains("I = 0.2 < 0.25").contains("sites about 1.3 times larger");
    }

    /** Signs of a departure with I = 0.3 but the lower end of its interval at 0.05: cannot tell. */
    @Test
    void aDepartureNeedsTheLowerEndOfI() {
        // GM(se^2) = 1: I = 0.3 at tau^2 = 3/7, 0.05 at tau^2's lower bound 1/19
        Heterogeneity h = new Heterogeneity(100, 99, 150, 1e-4, 3.0 / 7, 1.0 / 19, 1, 1, 0.1, 0.05, -2, 2, 1);
        Verdict v = Verdict.of(h, models(checks(0.5, 0.5, 0.01, 0.5, 0.5, 0.5), 0, 0, 0.1, converged), 0);
        assertThat(v.shape()).isEqualTo(Verdict.CANNOT_TELL);
        assertThat(v.text()).contains("the lower end of I's 95% interval is 0.05 < 0.1").contains("More sites would narrow");
        // the normal verdict does not need it
        assertThat(Verdict.of(h, models(CALM, 0, 0, 0.1, converged), 0).shape()).isEqualTo(Verdict.NORMAL);
    }

    @Test
    void twoGroupsNeedTwoSigns() {
        // one sign alone (the check at p = 0.03): normal
        Verdict one = Verdict.of(het(100, 0.9), models(checks(0.5, 0.5, 0.5, 0.5, 0.5, 0.03), 0, 0.1, 0.1, converged), 0);
        assertThat(one.shape()).isEqualTo(Verdict.NORMAL);
        assertThat(one.text()).contains("this sign alone falls short");
        // the check alone at p <= 0.01
        assertThat(Verdict.of(het(100, 0.9), models(checks(0.5, 0.5, 0.5, 0.5, 0.5, 0.01), 0, 0, 0.1, converged), 0).shape())
                .isEqualTo(Verdict.TWO_GROUPS);
        // the check and a smooth model's P(two groups) >= 0.5
        assertThat(Verdict.of(het(100, 0.9), models(checks(0.5, 0.5, 0.5, 0.5, 0.5, 0.03), 0, 0.6, 0.1, converged), 0).shape())
                .isEqualTo(Verdict.TWO_GROUPS);
        // P(two groups) and LOO (10 > 1.5 SE of 2, and > 2)
        Verdict two = Verdict.of(het(100, 0.9), models(CALM, 10, 0.6, 0.1, converged), 0);
        assertThat(two.shape()).isEqualTo(Verdict.TWO_GROUPS);
        assertThat(two.headline()).contains("two groups");
        // a LOO lead of 1.9 (below 2) counts for nothing, even at 10 SEs
        List<ModelAnalysis> small = new ArrayList<>(models(CALM, 0, 0.6, 0.1, converged));
        small.set(2, model("mixture", converged, 1.9, 0.19, CALM, 0.6, Double.NaN));
        assertThat(Verdict.of(het(100, 0.9), small, 0).shape()).isEqualTo(Verdict.NORMAL);
        // skewness and LOO: two groups; skewness alone: lopsided
        assertThat(Verdict.of(het(100, 0.9), models(checks(0.5, 0.005, 0.5, 0.5, 0.5, 0.5), 10, 0, 0.1, converged), 0).shape())
                .isEqualTo(Verdict.TWO_GROUPS);
        // a model whose diagnostics failed is not read: its P(two groups) and LOO lead count for nothing
        Verdict unread = Verdict.of(het(100, 0.9), models(CALM, 10, 0.9, 0.1, failed), 0);
        assertThat(unread.shape()).isEqualTo(Verdict.NORMAL);
        assertThat(unread.notConverged()).containsExactly("mixture");
        assertThat(unread.text()).contains("Not used, because their diagnostics failed: mixture");
    }

    @Test
    void extremeSitesFromTheTails() {
        assertThat(Verdict.of(het(100, 0.9), models(checks(0.5, 0.5, 0.09, 0.5, 0.5, 0.5), 0, 0, 0.1, converged), 0).shape())
                .isEqualTo(Verdict.EXTREME_SITES);
        assertThat(Verdict.of(het(100, 0.9), models(checks(0.5, 0.5, 0.5, 0.02, 0.5, 0.5), 0, 0, 0.1, converged), 0).shape())
                .isEqualTo(Verdict.EXTREME_SITES);
        assertThat(Verdict.of(het(100, 0.9), models(CALM, 0, 0, 0.85, converged), 0).shape()).isEqualTo(Verdict.EXTREME_SITES);
        // the largest estimate at p = 0.03, kurtosis at 0.11 and P(nu < 10) = 0.7: none reaches its rule
        assertThat(Verdict.of(het(100, 0.9), models(checks(0.5, 0.5, 0.11, 0.03, 0.5, 0.5), 0, 0, 0.7, converged), 0).shape())
                .isEqualTo(Verdict.NORMAL);
        // tails come first: heavy tails with a two-groups check and a LOO lead are extreme sites
        assertThat(Verdict.of(het(100, 0.9), models(checks(0.5, 0.5, 0.01, 0.5, 0.5, 0.01), 10, 0.6, 0.1, converged), 0).shape())
                .isEqualTo(Verdict.EXTREME_SITES);
    }

    @Test
    void lopsidedAndNormal() {
        assertThat(Verdict.of(het(100, 0.9), models(checks(0.5, 0.009, 0.5, 0.5, 0.5, 0.5), 0, 0, 0.1, converged), 0).shape())
                .isEqualTo(Verdict.SKEWED);
        Verdict normal = Verdict.of(het(50, 0.5), models(CALM, 0.5, 0.1, 0.2, converged), 0);
        assertThat(normal.shape()).isEqualTo(Verdict.NORMAL);
        assertThat(normal.text()).contains("a normal distribution describes the sites well")
                .contains("As far as 50 sites with informativeness 0.5 can show");
    }

    @Test
    void theNormalModelComesFirst() {
        List<ModelAnalysis> m = new ArrayList<>(models(CALM, 0, 0, 0, converged));
        m.add(0, m.remove(1));
        assertThatThrownBy(() -> Verdict.of(het(50, 0.5), m, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersInWords() {
        assertThat(Verdict.number(0.123456)).isEqualTo("0.12");
        assertThat(Verdict.number(1234.5)).isEqualTo("1200");
        assertThat(Verdict.number(-0.0004567)).isEqualTo("-0.00046");
        assertThat(Verdict.number(3e-7)).isEqualTo("3.0e-07");
        assertThat(Verdict.number(0)).isEqualTo("0");
        assertThat(Verdict.p(0.0004)).isEqualTo("< 0.001");
        assertThat(Verdict.p(0.0123)).isEqualTo("= 0.012");
    }
}
