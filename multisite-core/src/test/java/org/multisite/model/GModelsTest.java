package org.multisite.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.multisite.data.InvalidParameterException;
import org.multisite.data.SiteData;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.prior.Prior;
import org.multisite.sim.SiteSimulator;

/** Every model in the registry: its targets, defaults, options and factories agree, and it samples. */
class GModelsTest {
    private static final SiteData SITES = SiteSimulator.gaussian(20, 0.3, 0.5, 0.6, 4, SeedStreams.stream(8)).data();
    private static final SiteData WITH_COVARIATE = withCovariate(SITES);

    private static SiteData withCovariate(SiteData d) {
        double[] x = new double[d.size()];
        List<String> ids = new ArrayList<>();
        for (int j = 0; j < x.length; j++) {
            x[j] = Math.sin(j);
            ids.add(d.id(j));
        }
        return SiteData.of(ids, d.estimates(), d.ses(), List.of("x"), new double[][] {x});
    }

    @Test
    void namesAreUniqueAndFound() {
        assertThat(GModels.names()).doesNotHaveDuplicates().contains("normal", "t", "mixture", "dp", "logspline");
        for (GModel g : GModels.ALL) {
            assertThat(GModels.named(g.name())).isSameAs(g);
        }
        assertThatThrownBy(() -> GModels.named("splines")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("splines").hasMessageContaining("available: normal, t, mixture, dp, dpmeta, logspline")
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("model"));
    }

    @Test
    void aPriorIsGivenOnce() {
        assertThatThrownBy(() -> new GSpec("normal", List.of("tau=half_normal(1)", "tau=half_normal(2)"), Map.of()))
                .hasMessageContaining("a prior on tau is given twice");
        assertThatThrownBy(() -> new GSpec("normal", List.of("tau2=inv_gamma(1, 1)", "tau=half_normal(2)"), Map.of()))
                .hasMessageContaining("the scale is given twice (tau2 and tau)");
        assertThatThrownBy(() -> new GSpec("normal", List.of("beta[x]=normal(0, 1)", "beta=normal(0, 2)"), Map.of()))
                .hasMessageContaining("would replace it");
    }

    /** The targets an entry declares are those its defaults hold, and each default is accepted. */
    @Test
    void declaredTargetsAreTheDefaultsTargets() {
        for (GModel g : GModels.ALL) {
            for (SiteData data : List.of(SITES, WITH_COVARIATE)) {
                GPriors defaults = g.defaults().apply(data);
                List<String> declared = new ArrayList<>(g.targets());
                declared.add("beta[NAME]");
                assertThat(defaults.targets()).as(g.name()).containsExactlyInAnyOrderElementsOf(declared);
                assertThat(defaults.beta()).as(g.name()).hasSize(data.covariateCount());
            }
            assertThat(g.accepts("beta[x]")).isTrue();
            assertThat(g.accepts("sigma")).as("a one-stage target is no G's").isFalse();
        }
    }

    @Test
    void everyModelBuildsWithItsDefaultsAndSamples() {
        SamplerConfig config = new SamplerConfig(2, 20, 20, 1, 3, 1);
        for (GModel g : GModels.ALL) {
            for (SiteData data : List.of(SITES, WITH_COVARIATE)) {
                GSpec spec = GSpec.of(g.name());
                SiteModel model = spec.siteLevel(data);
                assertThat(model.name()).isEqualTo(g.name());
                assertThat(model.hyperparameters()).contains("mu", "tau");
                Draws d = ChainRunner.run(model, config);
                assertThat(java.util.Arrays.stream(d.column("tau")).allMatch(Double::isFinite)).as(g.name()).isTrue();
                EffectsPrior block = spec.effects(data);
                assertThat(block.name()).isEqualTo(g.name());
                assertThat(block.priors()).isNotEmpty();
                if (data.covariateCount() > 0) {
                    assertThat(model.hyperparameters()).as(g.name()).contains("beta[x]");
                }
            }
            for (GModel.Option o : g.options()) {
                assertThat(o.defaultValue()).as(g.name() + " " + o.name()).isBetween(o.min(), o.max());
            }
        }
    }

    @Test
    void refusalsNameTheParameterAndWhatItGot() {
        assertThatThrownBy(() -> new GSpec("normal", List.of("nu=gamma(2, 0.1)"), Map.of()))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("nu=gamma(2, 0.1)")
                .hasMessageContaining("the normal model has no parameter 'nu'");
        assertThatThrownBy(() -> new GSpec("mixture", List.of(), Map.of("components", 0)))
                .isInstanceOf(InvalidParameterException.class).hasMessage("components 0: must be between 1 and 1000");
        assertThatThrownBy(() -> new GSpec("t", List.of(), Map.of("components", 3)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("the t model has no such option");
        assertThatThrownBy(() -> new GSpec("logspline", List.of(), Map.of("df", 10, "grid_points", 12)).siteLevel(SITES))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("grid_points 12: must be at least twice df");
        assertThatThrownBy(() -> new GSpec("mixture", List.of("mu=student_t(3, 0, 1)"), Map.of()).siteLevel(SITES))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("mu=student_t(3, 0, 1): the components' or atoms' locations need a normal prior");
        assertThatThrownBy(() -> new GSpec("dp", List.of("alpha=half_normal(0, 1)"), Map.of()).siteLevel(SITES))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("needs a gamma prior");
        assertThatThrownBy(() -> new GSpec("normal", List.of("tau=cauchy(0, 1)"), Map.of()).siteLevel(SITES))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tau=cauchy(0, 1): unknown distribution");
        assertThatThrownBy(() -> new GSpec("normal", List.of("beta[z]=normal(0, 1)"), Map.of()).siteLevel(WITH_COVARIATE))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("no covariate named 'z'");
        assertThatThrownBy(() -> GSpec.target("normal(0, 1)")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("expected NAME=DIST");
    }

    /** Assignments apply in order: beta[NAME] refines beta; tau2 puts the scale's prior on tau^2. */
    @Test
    void assignmentsApplyInOrder() {
        GPriors p = new GSpec("t", List.of("tau2=inv_gamma(1, 1)", "beta=normal(0, 2)",
                "beta[x]=normal(0, 3)", "nu=gamma(2, 0.2)"), Map.of()).priors(WITH_COVARIATE);
        assertThat(p.scale().target()).isEqualTo("tau2");
        assertThat(p.scale().prior().toString()).isEqualTo("inv_gamma(1, 1)");
        assertThat(p.beta().get(0).toString()).isEqualTo("normal(0, 3)");
        assertThat(p.get("nu").toString()).isEqualTo("gamma(2, 0.2)");
        assertThat(GSpec.accepted("logspline", List.of("mu=normal(0, 1)", "alpha_sd=half_normal(0, 2)", "beta=flat")))
                .containsExactly("alpha_sd=half_normal(0, 2)", "beta=flat");
    }

    /** A spec is plain data: it survives Java serialization (as Spark ships it) and builds the same model. */
    @Test
    void specsSerialize() throws IOException, ClassNotFoundException {
        GSpec spec = new GSpec("dp", List.of("alpha=gamma(2, 2)"), Map.of("truncation", 8));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            GSpec back = (GSpec) in.readObject();
            assertThat(back).isEqualTo(spec);
            assertThat(back.siteLevel(SITES).priors()).isEqualTo(spec.siteLevel(SITES).priors());
        }
    }

    /** Issue 15, item 3: nu=fixed(5) holds the t's degrees of freedom; what cannot be fixed is refused. */
    @Test
    void aFixedParameterIsHeldAndOthersAreRefused() {
        GSpec t5 = new GSpec("t", List.of("nu=fixed(5)"), Map.of());
        SiteModel model = t5.siteLevel(SITES);
        Draws d = ChainRunner.run(model, SamplerConfig.defaults().withChains(2).withWarmup(50).withDraws(100).withThreads(1));
        for (double nu : d.column("nu")) {
            assertThat(nu).isEqualTo(5);
        }
        assertThat(model.priors()).containsEntry("nu", "fixed(5)");
        assertThatThrownBy(() -> new GSpec("normal", List.of("tau=fixed(1)"), Map.of()))
                .hasMessageContaining("the normal model cannot hold tau fixed");
        assertThatThrownBy(() -> new GSpec("t", List.of("mu=fixed(0)"), Map.of()))
                .hasMessageContaining("the t model cannot hold mu fixed (it can fix nu)");
        assertThatThrownBy(() -> new GSpec("t", List.of("nu=fixed(-1)"), Map.of()).siteLevel(SITES))
                .hasMessageContaining("fixed(NU > 0)");
        for (GModel g : GModels.ALL) {
            assertThat(g.targets()).containsAll(g.fixable());
        }
    }

    /**
     * dp_prior: alpha's prior chosen from the number of sites, for the models with an alpha;
     * refused with one line for the others, or beside a prior on alpha. At J = 25 the chi-square(5)
     * KL prior is the seed's (1.24, 0.64) within its grid step (ClusterCountTest), printed to four digits.
     */
    @Test
    void dpPriorIsChosenForTheSitesAndRefusedWhereItCannotApply() {
        SiteData sites = SiteSimulator.gaussian(25, 0.3, 0.5, 0.6, 4, SeedStreams.stream(9)).data();
        Prior alpha = new GSpec("dpmeta", List.of(), Map.of(), "kl:chisq(5)").priors(sites).get("alpha");
        assertThat(alpha.toString()).isEqualTo("gamma(1.231, 0.6402)");
        assertThat(new GSpec("dp", List.of(), Map.of(), "diffuse").priors(sites).get("alpha").toString()).isEqualTo("gamma(1.25, 0.1)");
        assertThatThrownBy(() -> new GSpec("normal", List.of(), Map.of(), "kl"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("applies to a Dirichlet process (dp, dpmeta)");
        assertThatThrownBy(() -> new GSpec("dp", List.of("alpha=gamma(1, 1)"), Map.of(), "kl"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("both set alpha's prior");
        assertThatThrownBy(() -> new GSpec("dpmeta", List.of(), Map.of(), "kl:chisq(-1)"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("DF must be a number > 0");
        // the reasons reach the user whole (a cut at the first ": " once turned "the" into "he")
        assertThatThrownBy(() -> new GSpec("dpmeta", List.of(), Map.of(), "clusters:99").priors(sites))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("dp_prior clusters:99: the mean number of clusters must lie between 1 and the 25 sites, got 99.0");
        SiteData many = SiteSimulator.gaussian(20_001, 0.3, 0.5, 0.6, 4, SeedStreams.stream(10)).data();
        assertThatThrownBy(() -> new GSpec("dpmeta", List.of(), Map.of(), "kl").priors(many))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("dp_prior kl: the prior number of clusters is computed for 1 to 20000 sites, not 20001");
    }
}
