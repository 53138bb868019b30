package org.multisite.bench;

import java.util.concurrent.TimeUnit;
import org.multisite.fit.Fitter;
import org.multisite.mcmc.ChainRunner;
import org.multisite.mcmc.Draws;
import org.multisite.mcmc.SamplerConfig;
import org.multisite.mcmc.SeedStreams;
import org.multisite.model.NormalModel;
import org.multisite.model.NormalPriors;
import org.multisite.sim.SiteSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the normal model's exact sampler (4 chains x 1000 draws, 1000 warm-up sweeps) and a
 * whole fit with summaries, on simulated data (I = 0.5, se^2 ratio 10).
 * Run with {@code java -jar multisite-bench/target/benchmarks.jar NormalModelBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NormalModelBenchmark {
    @Param({"43", "1000"})
    int sites;

    NormalModel model;
    SamplerConfig config;

    @Setup
    public void setUp() {
        var data = SiteSimulator.gaussian(sites, 0, 1, 0.5, 10, SeedStreams.data(1)).data();
        model = NormalModel.of(data, NormalPriors.defaults(data));
        config = SamplerConfig.defaults().withThreads(2);
    }

    @Benchmark
    public Draws sample() {
        return ChainRunner.run(model, config);
    }

    @Benchmark
    public Object fit() {
        return Fitter.fit(model, config);
    }

    @Benchmark
    public Object buildModel() {
        return NormalModel.of(model.data(), model.normalPriors());
    }
}
