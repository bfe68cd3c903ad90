package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.PngCodec;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.view.FrameAnalyzer;
import dev.pawscope.quantize.interpreter.DeltaInterpreter;
import dev.pawscope.quantize.interpreter.DeltaSession;
import dev.pawscope.quantize.interpreter.DeltaStats;
import dev.pawscope.quantize.interpreter.Interpreter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a test: times int8 occlusion on a real model folder and dataset, full inference per patch
 * against incremental, and counts what each layer's delta runs change. Run from the worktree
 * after {@code mvn -DskipTests package}:
 *
 * <pre>java -cp "host/target/pawscope-host.jar:host/target/lib/*:host/target/test-classes" \
 *     dev.pawscope.host.explain.OcclusionBench /tmp/fixtures/pawnet /tmp/fixtures/data 8 5</pre>
 */
public final class OcclusionBench {

    private OcclusionBench() {}

    public static void main(String[] args) throws Exception {
        Path modelFolder = Path.of(args[0]);
        Path data = Path.of(args[1]);
        int perClass = Integer.parseInt(args[2]);
        int fullImages = Integer.parseInt(args[3]);
        boolean skipFull = fullImages == 0;
        List<GrayImage> images = new ArrayList<>();
        for (String label : List.of("sit", "stand", "lie_down", "no_dog")) {
            try (Stream<Path> files = Files.list(data.resolve(label))) {
                for (Path p : files.filter(f -> !f.toString().endsWith(".mask.png")).sorted().limit(perClass).toList()) {
                    images.add(PngCodec.read(p));
                }
            }
        }
        AttributionMethod incremental = FrameAnalyzer.load(modelFolder).attributionMethods().create(Occlusion.NAME);
        Int8Model model = Int8Model.load(modelFolder);
        Int8Scores scores = Int8Scores.of(model);
        ScoreFunction plain = new ScoreFunction() {
            @Override
            public int width() {
                return scores.width();
            }

            @Override
            public int height() {
                return scores.height();
            }

            @Override
            public int classes() {
                return scores.classes();
            }

            @Override
            public float[] scores(GrayImage image) {
                return scores.scores(image);
            }
        };
        Occlusion full = Occlusion.withDefaults(plain, "int8 model, full inference per patch");
        int[] classes = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            float[] p = scores.scores(images.get(i));
            for (int c = 1; c < p.length; c++) {
                classes[i] = p[c] > p[classes[i]] ? c : classes[i];
            }
        }
        System.out.println(images.size() + " images, " + full.passes() + " passes per explanation");

        // Warm up both paths so C2 has compiled the loops, then time.
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < images.size(); i++) {
                incremental.explain(images.get(i), classes[i]);
            }
            full.explain(images.get(r), classes[r]);
        }
        int rounds = 3;
        double[] inc = new double[images.size() * rounds];
        double[] roundMedians = new double[rounds];
        double[] incCpu = new double[images.size() * rounds];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean same = true;
        for (int r = 0; r < rounds; r++) {
            double[] round = new double[images.size()];
            for (int i = 0; i < images.size(); i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                Saliency s = incremental.explain(images.get(i), classes[i]);
                round[i] = (System.nanoTime() - t0) / 1e6;
                incCpu[r * images.size() + i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                if (r == 0 && i < fullImages) {
                    same &= Arrays.equals(s.values(), full.explain(images.get(i), classes[i]).values());
                }
            }
            System.arraycopy(round, 0, inc, r * images.size(), images.size());
            roundMedians[r] = median(round);
        }
        System.out.println("incremental round medians (ms): " + Arrays.toString(roundMedians));
        double[] fullMs = new double[fullImages];
        double[] fullCpu = new double[fullImages];
        for (int i = 0; i < fullImages; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            full.explain(images.get(i), classes[i]);
            fullMs[i] = (System.nanoTime() - t0) / 1e6;
            fullCpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        System.out.printf("thread CPU time: full median %.1f ms, incremental median %.1f ms (min %.1f)%n",
                median(fullCpu), median(incCpu), min(incCpu));
        System.out.printf("full inference per patch: median %.1f ms (min %.1f, max %.1f) over %d explanations%n",
                median(fullMs), min(fullMs), max(fullMs), fullMs.length);
        System.out.printf("incremental:              median %.1f ms (min %.1f, max %.1f) over %d explanations%n",
                median(inc), min(inc), max(inc), inc.length);
        System.out.println("saliency identical on the " + fullImages + " images compared: " + same);

        // What changes per layer, over every patch of every image.
        DeltaInterpreter delta = new DeltaInterpreter(new Interpreter(model.graph()));
        byte[] table = model.pixels().table();
        long runs = 0;
        long unchanged = 0;
        long[] opRuns = null;
        long[] elements = null;
        long[] positions = null;
        long[] recomputes = null;
        long[] nanos = null;
        List<DeltaStats.OpStats> last = null;
        Occlusion geometry = Occlusion.withDefaults(scores, "");
        int patch = 6;
        double[] startMs = new double[images.size()];
        double[] patchesMs = new double[images.size()];
        for (int rep = 0; rep < 2; rep++) { // the first round warms up
            for (int i = 0; i < images.size(); i++) {
                long t0 = System.nanoTime();
                DeltaSession session = delta.start(model.pixels().int8(images.get(i)));
                long t1 = System.nanoTime();
                for (int y0 : geometry.positions(48)) {
                    for (int x0 : geometry.positions(48)) {
                        session.runWithRectangle(y0, x0, patch, patch, table[Occlusion.DEFAULT_FILL]);
                    }
                }
                startMs[i] = (t1 - t0) / 1e6;
                patchesMs[i] = (System.nanoTime() - t1) / 1e6;
            }
        }
        System.out.printf("of which: baseline (full run + accumulators) median %.1f ms, 225 patches median %.1f ms%n",
                median(startMs), median(patchesMs));
        for (GrayImage image : images) {
            DeltaSession session = delta.start(model.pixels().int8(image));
            for (int y0 : geometry.positions(48)) {
                for (int x0 : geometry.positions(48)) {
                    session.runWithRectangle(y0, x0, patch, patch, table[Occlusion.DEFAULT_FILL]);
                }
            }
            DeltaStats st = session.stats();
            runs += st.runs();
            unchanged += st.unchangedOutputs();
            last = st.ops();
            if (opRuns == null) {
                opRuns = new long[last.size()];
                elements = new long[last.size()];
                positions = new long[last.size()];
                recomputes = new long[last.size()];
                nanos = new long[last.size()];
            }
            for (int k = 0; k < last.size(); k++) {
                opRuns[k] += last.get(k).runs();
                elements[k] += last.get(k).changedElements();
                positions[k] += last.get(k).changedPositions();
                recomputes[k] += last.get(k).fullRecomputes();
                nanos[k] += last.get(k).nanos();
            }
        }
        System.out.printf("%d patch runs; graph output unchanged in %d (%.0f%%)%n", runs, unchanged,
                100.0 * unchanged / runs);
        System.out.println("op | output shape | runs reached | mean changed positions | mean changed values | full recomputes | ms per explanation");
        for (int k = 0; k < last.size(); k++) {
            System.out.printf("%d %s | %s | %.0f%% | %.1f | %.1f | %d | %.2f%n", k, last.get(k).type(),
                    Arrays.toString(last.get(k).outputShape()), 100.0 * opRuns[k] / runs,
                    (double) positions[k] / runs, (double) elements[k] / runs, recomputes[k],
                    nanos[k] / 1e6 / images.size());
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
