package org.multisite.analysis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.multisite.eb.Heterogeneity;
import org.multisite.summary.ParameterSummary;

/**
 * The answer to the researcher's question in plain words, by the rules of docs/verdict.md:
 * how large the average effect is and how sure we are, how much the sites really differ, the
 * shape of the distribution of site effects (a normal distribution, two groups, a few extreme
 * sites, a lopsided distribution, or: cannot tell), the sites reliably above or below the
 * average, and the evidence behind each claim. Only models whose diagnostics passed are read.
 *
 * @param shape {@link #NORMAL}, {@link #TWO_GROUPS}, {@link #EXTREME_SITES}, {@link #SKEWED} or {@link #CANNOT_TELL}
 * @param headline the shape in words (the phrases docs/verdict.md fixes)
 * @param model the label of the model the site statements rest on
 * @param mean G's mean under that model (posterior)
 * @param probPositive P(G's mean > 0 | data)
 * @param above the sites reliably above G's mean (P >= {@value #RELIABLE}), in input order
 * @param below the sites reliably below it
 * @param evidence each rule that fired or failed, in words
 * @param notConverged the labels of the models whose diagnostics failed
 * @param sentences the verdict, sentence by sentence
 */
public record Verdict(String shape, String headline, String model, ParameterSummary mean, double probPositive,
                      List<String> above, List<String> below, List<String> evidence, List<String> notConverged,
                      List<String> sentences) {
    public static final String NORMAL = "normal";
    public static final String TWO_GROUPS = "two_groups";
    public static final String EXTREME_SITES = "extreme_sites";
    public static final String SKEWED = "skewed";
    public static final String CANNOT_TELL = "cannot_tell";

    /** The least informativeness at which shapes can be told apart (docs/verdict.md). */
    public static final double MIN_INFORMATIVENESS = 0.25;
    /**
     * A shape other than the normal is claimed only when the lower end of I's 95% interval
     * (at tau^2's Q-profile lower bound) reaches this: a departure is the stronger statement.
     */
    public static final double MIN_LOW_INFORMATIVENESS = 0.1;
    /** The fewest sites at which shapes can be told apart. */
    public static final int MIN_SITES = 20;
    /** The t model's nu below which tails count as heavy. */
    public static final double HEAVY_NU = 10;
    /** P(nu < HEAVY_NU) from which the t model says the tails are heavy (the default prior gives 0.26). */
    static final double HEAVY_PROBABILITY = 0.8;
    /** P(two groups) from which a smooth flexible model says there are two groups. */
    static final double GROUPS_PROBABILITY = 0.5;
    /** The two-groups check fails at this p-value. */
    static final double CHECK_P = 0.05;
    /**
     * The kurtosis and heavy-tails checks fail at this p-value (calibrated on the acceptance
     * cases, docs/verdict.md).
     */
    static final double KURTOSIS_P = 0.1;
    /** The largest or smallest estimate fails at this p-value (one tail each). */
    static final double EXTREME_P = 0.025;
    /** The two-groups check alone says two groups at this p-value. */
    static final double STRONG_P = 0.01;
    /** Skewness fails at this two-sided p-value. */
    static final double SKEW_P = 0.01;
    /** LOO prefers a model when it leads the normal by this many standard errors of the difference... */
    public static final double LOO_SE = 1.5;
    /** ... and by at least this much elpd (smaller differences are small whatever their SE: Vehtari's loo FAQ says 4). */
    public static final double LOO_MIN = 2;
    /** A site is reliably above (below) the average with at least this posterior probability. */
    public static final double RELIABLE = 0.95;
    /** The most sites named in a sentence. */
    static final int NAMED = 8;

    /** The text: every sentence, one paragraph. */
    public String text() {
        return String.join(" ", sentences);
    }

    /**
     * The verdict from the heterogeneity table and the analysed models (the normal model first).
     *
     * @throws IllegalArgumentException if the first model is not the normal model
     */
    public static Verdict of(Heterogeneity h, List<ModelAnalysis> models, double threshold) {
        ModelAnalysis normal = models.get(0);
        if (!normal.model().equals("normal")) {
            throw new IllegalArgumentException("the verdict needs the normal model first, got " + normal.model());
        }
        List<String> notConverged = models.stream().filter(m -> !m.converged()).map(ModelAnalysis::label).toList();
        List<String> evidence = new ArrayList<>();
        String shape = shape(h, models, evidence);
        ModelAnalysis resting = resting(shape, models);
        ParameterSummary mean = resting.gMean();
        double probPositive = resting.probMeanPositive();
        List<String> above = new ArrayList<>();
        List<String> below = new ArrayList<>();
        double[] p = resting.probAboveMean();
        for (int j = 0; j < p.length; j++) {
            String site = resting.fit().summary().sites().get(j).site();
            if (p[j] >= RELIABLE) {
                above.add(site);
            } else if (p[j] <= 1 - RELIABLE) {
                below.add(site);
            }
        }
        String headline = switch (shape) {
            case NORMAL -> "a normal distribution describes the sites well";
            case TWO_GROUPS -> "the sites fall into two groups";
            case EXTREME_SITES -> "a few extreme sites stand out from the rest";
            case SKEWED -> "the site effects are lopsided: a normal distribution does not describe them";
            default -> "the data cannot tell the shape of the distribution of site effects";
        };
        List<String> sentences = new ArrayList<>();
        sentences.add(averageSentence(mean, probPositive));
        sentences.add(spreadSentence(h));
        sentences.add(shapeSentence(shape, headline, h, evidence));
        if (shape.equals(CANNOT_TELL)) {
            sentences.add(needSentence(h));
        }
        sentences.add(sitesSentence(above, below, resting, p.length));
        sentences.add(thresholdSentence(resting, threshold));
        if (!notConverged.isEmpty()) {
            sentences.add("Not used, because their diagnostics failed: " + String.join(", ", notConverged)
                    + " (run longer chains to use them).");
        }
        return new Verdict(shape, headline, resting.label(), mean, probPositive, List.copyOf(above), List.copyOf(below),
                List.copyOf(evidence), notConverged, List.copyOf(sentences));
    }

    /** The shape by the rules of docs/verdict.md, each rule's finding appended to {@code evidence}. */
    static String shape(Heterogeneity h, List<ModelAnalysis> models, List<String> evidence) {
        String shape = signs(h, models, evidence);
        double low = h.informativeness(h.tau2Low());
        if (!shape.equals(NORMAL) && !shape.equals(CANNOT_TELL) && low < MIN_LOW_INFORMATIVENESS) {
            evidence.add("but the lower end of I's 95% interval is " + number(low) + " < " + number(MIN_LOW_INFORMATIVENESS)
                    + ": the data may be mostly sampling error, too little to claim a shape");
            return CANNOT_TELL;
        }
        return shape;
    }

    /** The shape the signs show, before the check of I's lower bound. */
    private static String signs(Heterogeneity h, List<ModelAnalysis> models, List<String> evidence) {
        ModelAnalysis normal = models.get(0);
        if (h.sites() < MIN_SITES) {
            evidence.add("only " + h.sites() + " sites: shapes need at least " + MIN_SITES);
            return CANNOT_TELL;
        }
        if (h.informativeness() < MIN_INFORMATIVENESS) {
            evidence.add("informativeness I = " + number(h.informativeness()) + " < " + number(MIN_INFORMATIVENESS)
                    + ": most of the spread in the estimates is sampling error");
            return CANNOT_TELL;
        }
        if (!normal.converged() || normal.checks().isEmpty()) {
            evidence.add("the normal model's diagnostics failed, so its predictive checks cannot be read");
            return CANNOT_TELL;
        }
        // a few extreme sites first: heavy tails also split off groups of outliers and win LOO
        boolean extreme = false;
        double kurtosis = normal.pValue("kurtosis");
        double max = normal.pValue("max");
        double min = normal.pValue("min");
        if (kurtosis <= KURTOSIS_P) {
            extreme = true;
            evidence.add("the estimates have heavier tails than the normal model predicts (kurtosis check p " + p(kurtosis) + ")");
        }
        double tails = normal.pValue("heavy_tails");
        if (tails <= KURTOSIS_P) {
            extreme = true;
            evidence.add("a t distribution fits the estimates better than the normal by more than the normal model predicts (p "
                    + p(tails) + ")");
        }
        if (max <= EXTREME_P || min <= EXTREME_P) {
            extreme = true;
            evidence.add("the " + (max <= min ? "largest" : "smallest") + " estimate is more extreme than the normal model predicts (p "
                    + p(Math.min(max, min)) + ")");
        }
        for (ModelAnalysis m : models) {
            if (m.model().equals("t") && m.converged() && m.probHeavyTails() >= HEAVY_PROBABILITY) {
                extreme = true;
                evidence.add("the t model puts its degrees of freedom below " + number(HEAVY_NU) + " with probability "
                        + number(m.probHeavyTails()));
            }
        }
        if (extreme) {
            return EXTREME_SITES;
        }
        // two groups: two of four signs, or the two-groups check alone at the strong level
        int groups = 0;
        double pGroups = normal.pValue("two_groups");
        if (pGroups <= CHECK_P) {
            groups++;
            evidence.add("two groups fit the estimates better than one by more than the normal model predicts (p " + p(pGroups) + ")");
        }
        ModelAnalysis twoGroups = null;
        for (ModelAnalysis m : models) {
            if (m.converged() && m.probTwoGroups() >= GROUPS_PROBABILITY
                    && (twoGroups == null || m.probTwoGroups() > twoGroups.probTwoGroups())) {
                twoGroups = m;
            }
        }
        if (twoGroups != null) {
            groups++;
            evidence.add("under the " + twoGroups.label() + " model, G has two groups of sites with probability "
                    + number(twoGroups.probTwoGroups()));
        }
        ModelAnalysis loo = looWinner(models);
        if (loo != null) {
            groups++;
            evidence.add("leave-one-out prediction prefers the " + loo.label() + " model to the normal by "
                    + number(loo.elpdDiff()) + " (SE " + number(loo.elpdDiffSe()) + ")");
        }
        double skewness = normal.pValue("skewness");
        if (skewness <= SKEW_P) {
            groups++;
            evidence.add("the estimates are more lopsided than the normal model predicts (skewness check p " + p(skewness) + ")");
        }
        if (groups >= 2 || pGroups <= STRONG_P) {
            return TWO_GROUPS;
        }
        if (skewness <= SKEW_P) {
            return SKEWED;
        }
        evidence.add(evidence.isEmpty() ? "no predictive check of the normal model fails, and no other model predicts the sites clearly better"
                : "this sign alone falls short of two groups or extreme sites (docs/verdict.md)");
        return NORMAL;
    }

    /**
     * Whether an elpd lead of {@code diff} (with standard error {@code se}) over the normal model
     * is a clear preference: at least {@link #LOO_SE} SEs and at least {@link #LOO_MIN}.
     */
    public static boolean looPrefers(double diff, double se) {
        return diff >= LOO_SE * se && diff >= LOO_MIN;
    }

    /** The converged model other than the normal and the t (which says tails, not groups) that leads it by {@link #LOO_SE} SEs and {@link #LOO_MIN}, the largest lead first. */
    static ModelAnalysis looWinner(List<ModelAnalysis> models) {
        ModelAnalysis best = null;
        for (ModelAnalysis m : models.subList(1, models.size())) {
            if (!m.model().equals("t") && m.converged() && looPrefers(m.elpdDiff(), m.elpdDiffSe())
                    && (best == null || m.elpdDiff() > best.elpdDiff())) {
                best = m;
            }
        }
        return best;
    }

    /**
     * The model the site statements rest on: the normal model when it describes the sites (or
     * nothing better can be told); otherwise the converged model with the largest stacking weight.
     */
    static ModelAnalysis resting(String shape, List<ModelAnalysis> models) {
        ModelAnalysis best = models.get(0);
        if (shape.equals(NORMAL) || shape.equals(CANNOT_TELL)) {
            return best;
        }
        for (ModelAnalysis m : models) {
            if (m.converged() && (!best.converged() || m.stackingWeight() > best.stackingWeight())) {
                best = m;
            }
        }
        return best;
    }

    private static String averageSentence(ParameterSummary mean, double probPositive) {
        String sure = probPositive >= 0.975 ? "we are confident it is positive"
                : probPositive <= 0.025 ? "we are confident it is negative"
                : "it could be positive or negative (P(positive) = " + number(probPositive) + ")";
        return "The average effect across sites is " + number(mean.mean()) + " (95% interval " + number(mean.q2_5()) + " to "
                + number(mean.q97_5()) + "): " + sure + ".";
    }

    private static String spreadSentence(Heterogeneity h) {
        String prediction = "a new site's effect would lie between " + number(h.predictionLow()) + " and "
                + number(h.predictionHigh()) + " (95%)";
        if (!(h.tau2High() > 0)) {
            return "The estimates vary no more than their standard errors alone would make them vary (Q = " + number(h.q()) + " on "
                    + h.df() + " df), so these data cannot say how much sites differ; ignoring any differences, " + prediction + ".";
        }
        String differ = h.qPValue() < 0.05
                ? "Sites really differ: the SD of their true effects is about " + number(Math.sqrt(h.tau2()))
                : "The data show no clear sign that sites differ (Q test p " + p(h.qPValue()) + "); the SD of their true effects is about "
                        + number(Math.sqrt(h.tau2()));
        return differ + " (95% interval " + number(Math.sqrt(h.tau2Low())) + " to " + number(Math.sqrt(h.tau2High()))
                + "), so " + prediction + ".";
    }

    private static String shapeSentence(String shape, String headline, Heterogeneity h, List<String> evidence) {
        String because = String.join("; ", evidence);
        return switch (shape) {
            case NORMAL -> "As far as " + h.sites() + " sites with informativeness " + number(h.informativeness())
                    + " can show, " + headline + ": " + because + ".";
            case CANNOT_TELL -> "We cannot tell whether a normal distribution describes the sites: " + because + ".";
            default -> capitalize(headline) + ", which a normal distribution hides: " + because + ".";
        };
    }

    /** What would let a trial tell shapes apart. */
    private static String needSentence(Heterogeneity h) {
        String planner = " ('multisite plan --shape mixture --target shape=0.8' says how many sites of which size would tell"
                + " a bimodal G from a normal one).";
        if (h.sites() < MIN_SITES) {
            return "Telling shapes apart needs at least " + MIN_SITES + " sites" + planner;
        }
        double s2 = h.gmVariance();
        if (!(h.tau2() > 0)) {
            return "More sites would not help: each site's estimate needs a smaller standard error (more units per site)"
                    + " before differences between sites, and their shape, can show" + planner;
        }
        if (h.informativeness() >= MIN_INFORMATIVENESS) {
            return "More sites would narrow the interval of how much sites differ, and with it I's" + planner;
        }
        // I >= I_min when the typical sampling variance s^2 <= tau^2 (1 - I_min) / I_min: sites this many times larger
        double factor = s2 / (h.tau2() * (1 - MIN_INFORMATIVENESS) / MIN_INFORMATIVENESS);
        return "More sites would not raise I: if sites differ as estimated (tau about " + number(Math.sqrt(h.tau2()))
                + "), I reaches " + number(MIN_INFORMATIVENESS) + " with sites about " + number(factor)
                + " times larger (standard errors " + number(Math.sqrt(factor)) + " times smaller)" + planner;
    }

    private static String sitesSentence(List<String> above, List<String> below, ModelAnalysis resting, int sites) {
        if (above.isEmpty() && below.isEmpty()) {
            return "No site is reliably above or below the average (probability " + number(RELIABLE) + ", "
                    + resting.label() + " model).";
        }
        return "Reliably above the average (probability >= " + number(RELIABLE) + ", " + resting.label() + " model): "
                + names(above) + "; reliably below: " + names(below) + ".";
    }

    private static String thresholdSentence(ModelAnalysis resting, double threshold) {
        return "Expected share of sites with an effect above " + number(threshold) + ": " + number(100 * resting.shareAbove()) + "%.";
    }

    private static String names(List<String> sites) {
        if (sites.isEmpty()) {
            return "none";
        }
        String named = String.join(", ", sites.subList(0, Math.min(NAMED, sites.size())));
        return sites.size() + " site" + (sites.size() == 1 ? "" : "s") + " (" + named
                + (sites.size() > NAMED ? " and " + (sites.size() - NAMED) + " more" : "") + ")";
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A p-value after "p ": "= " and two significant digits, or "< 0.001". */
    static String p(double p) {
        return p < 0.001 ? "< 0.001" : "= " + number(p);
    }

    /** Two significant digits, plain decimals (no exponent) between 1e-4 and 1e6. */
    public static String number(double x) {
        if (!Double.isFinite(x)) {
            return String.valueOf(x);
        }
        if (x == 0) {
            return "0";
        }
        if (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6) {
            return String.format(Locale.ROOT, "%.1e", x);
        }
        return new BigDecimal(x).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }
}
