import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.explain.AttributionMethod;
import dev.pawscope.host.explain.AttributionMethods;
import dev.pawscope.host.explain.SmoothGrad;
import dev.pawscope.host.view.FrameAnalyzer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Median milliseconds per explanation of the float-twin saliency methods on a model folder (not a
 * test; run by hand, single-threaded):
 *
 * <pre>OMP_NUM_THREADS=1 java -cp "host/target/pawscope-host.jar:host/target/lib/*" \
 *     host/bench/SaliencyTiming.java /tmp/fixtures/pawnet [runs] [warm-up runs]</pre>
 *
 * <p>Timings on a shared machine are noisy: compare medians of several runs.
 */
public class SaliencyTiming {
    public static void main(String[] args) {
        Path folder = Path.of(args.length > 0 ? args[0] : "/tmp/fixtures/pawnet");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        FrameAnalyzer analyzer = FrameAnalyzer.load(folder);
        AttributionMethods methods = analyzer.attributionMethods();
        GrayImage[] images = new GrayImage[8];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < images.length; i++) {
            byte[] px = new byte[48 * 48];
            for (int p = 0; p < px.length; p++) {
                int x = p % 48;
                int y = p / 48;
                int blob = (x - 20 - i) * (x - 20 - i) + (y - 24) * (y - 24) < 80 ? 100 : 0;
                px[p] = (byte) Math.min(255, 30 + 2 * y + blob + random.nextInt(40));
            }
            images[i] = new GrayImage(48, 48, px);
        }
        AttributionMethod[] list = {methods.create("gradient"), methods.create("gradcam"),
                new SmoothGrad(analyzer.floatTwin(), 16, SmoothGrad.DEFAULT_NOISE, 1)};
        for (AttributionMethod m : list) {
            int n = m.name().equals("smoothgrad") ? Math.max(8, runs / 4) : runs;
            int w = m.name().equals("smoothgrad") ? Math.min(n, warmUp) : warmUp;
            for (int i = 0; i < w; i++) { // warm-up: the JIT compiles the kernels
                m.explain(images[i % images.length], i % 4);
            }
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                m.explain(images[i % images.length], i % 4);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("%-10s median %7.2f ms  min %7.2f  max %7.2f  (n=%d)%n", m.name(), ms[n / 2], ms[0],
                    ms[n - 1], n);
        }
    }
}
