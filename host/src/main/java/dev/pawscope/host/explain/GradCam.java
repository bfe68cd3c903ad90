package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Grad-CAM (Selvaraju et al., 2017) on the float twin: the activations A of the last convolution
 * block (after its ReLU), weighted per channel by the spatial mean of d log p_c / dA, summed,
 * passed through ReLU and scaled up bilinearly to the input size.
 */
public final class GradCam implements AttributionMethod {

    public static final String NAME = "gradcam";

    private final FloatTwin twin;

    public GradCam(FloatTwin twin) {
        this.twin = twin;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String modelDescription() {
        return "float twin";
    }

    @Override
    public Saliency explain(GrayImage image, int classIndex) {
        INDArray a = twin.camActivations(twin.normalise(image));
        double[] weights = channelWeights(twin.camGradient(a, classIndex));
        int channels = (int) a.size(1);
        int h = (int) a.size(2);
        int w = (int) a.size(3);
        float[] cam = new float[h * w];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    cam[y * w + x] += (float) (weights[c] * a.getDouble(0, c, y, x));
                }
            }
        }
        for (int i = 0; i < cam.length; i++) {
            cam[i] = Math.max(0, cam[i]);
        }
        return new Saliency(NAME, classIndex, image.width(), image.height(),
                upsample(cam, w, h, image.width(), image.height()));
    }

    /** alpha_k: the mean over positions of channel k's gradient, {@code [1, C, h, w]} in. */
    static double[] channelWeights(INDArray gradient) {
        int channels = (int) gradient.size(1);
        double[] alpha = new double[channels];
        for (int c = 0; c < channels; c++) {
            alpha[c] = gradient.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c)).meanNumber().doubleValue();
        }
        return alpha;
    }

    /**
     * Bilinear resampling with pixel centres aligned (output pixel centre (x + 0.5) maps to input
     * (x + 0.5) * w / outW - 0.5, clamped at the borders), as image libraries scale.
     */
    static float[] upsample(float[] src, int w, int h, int outW, int outH) {
        float[] out = new float[outW * outH];
        for (int y = 0; y < outH; y++) {
            double sy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / outH - 0.5));
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                double sx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / outW - 0.5));
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = sx - x0;
                double top = src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx;
                double bottom = src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx;
                out[y * outW + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }
}
