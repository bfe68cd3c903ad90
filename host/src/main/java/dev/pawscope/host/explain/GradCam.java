package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;

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
        float[] x = twin.normalise(image);
        int[] shape = twin.camShape(); // {h, w, C}
        int h = shape[0];
        int w = shape[1];
        int channels = shape[2];
        float[] a = twin.camActivations(x); // NHWC
        double[] weights = channelWeights(twin.camGradient(a, classIndex), channels);
        float[] cam = new float[h * w];
        for (int p = 0; p < h * w; p++) {
            for (int c = 0; c < channels; c++) {
                cam[p] += (float) (weights[c] * a[p * channels + c]);
            }
        }
        for (int i = 0; i < cam.length; i++) {
            cam[i] = Math.max(0, cam[i]);
        }
        return new Saliency(NAME, classIndex, image.width(), image.height(),
                upsample(cam, w, h, image.width(), image.height()));
    }

    /** alpha_k: the mean over positions of channel k's gradient, NHWC {@code [h * w * channels]} in. */
    static double[] channelWeights(float[] gradient, int channels) {
        double[] alpha = new double[channels];
        int positions = gradient.length / channels;
        for (int p = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++) {
                alpha[c] += gradient[p * channels + c];
            }
        }
        for (int c = 0; c < channels; c++) {
            alpha[c] /= positions;
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
