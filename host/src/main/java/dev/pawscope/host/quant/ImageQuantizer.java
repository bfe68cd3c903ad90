package dev.pawscope.host.quant;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.kernels.QuantizeKernel;

/**
 * Pixels (0..255) to the int8 model's input: normalised as the float twin was trained ({@code
 * pixel * scale + offset}, in float as the trainer does), then quantized with the input tensor's
 * parameters exactly as TFLite's QUANTIZE op would. A 256-entry table, so a board can do the same
 * with one lookup per pixel.
 */
public final class ImageQuantizer {

    private final byte[] table = new byte[256];
    private final float[] normalised = new float[256];

    public ImageQuantizer(ModelMetadata.Normalization normalization, Quantization input) {
        for (int pixel = 0; pixel < 256; pixel++) {
            normalised[pixel] = (float) (pixel * normalization.scale() + normalization.offset());
            table[pixel] = QuantizeKernel.quantize(normalised[pixel], input.scale(), input.zeroPoint());
        }
    }

    public byte[] int8(GrayImage image) {
        byte[] px = image.pixels();
        byte[] out = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = table[px[i] & 0xFF];
        }
        return out;
    }

    /** The float twin's input for {@code image}: {@code pixel * scale + offset}, in float as the trainer computes it. */
    public static float[] normalise(ModelMetadata.Normalization normalization, GrayImage image) {
        byte[] px = image.pixels();
        float[] out = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = (float) ((px[i] & 0xFF) * normalization.scale() + normalization.offset());
        }
        return out;
    }

    public float[] float32(GrayImage image) {
        byte[] px = image.pixels();
        float[] out = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = normalised[px[i] & 0xFF];
        }
        return out;
    }

    /** The pixel-to-int8 table (a copy), for code generation. */
    public byte[] table() {
        return table.clone();
    }
}
