package dev.pawscope.quantize.ptq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.Activations;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.kernels.QuantizeKernel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantizerTest {

    private final Graph floatNet = FloatNets.convNet(3);
    private final List<float[]> calibration = FloatNets.images(11, 64);

    private Graph quantize(CalibrationMethod method) {
        Map<Integer, TensorRange> ranges = new Calibrator(floatNet, method, 99.9).calibrate(calibration, n -> { });
        return Quantizer.quantize(floatNet, ranges, "test");
    }

    @Test
    void everyLayerOfTheInt8ModelTracksTheFloatModel() {
        Graph int8 = quantize(CalibrationMethod.MINMAX);
        Interpreter f = new Interpreter(floatNet);
        Interpreter q = new Interpreter(int8);
        Quantization in = int8.inputTensor().quantization();
        LayerError[] errors = new LayerError[int8.operators().size()];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = new LayerError();
        }
        for (float[] x : FloatNets.images(99, 32)) {
            byte[] xq = new byte[x.length];
            QuantizeKernel.quantize(in.scale(), in.zeroPoint(), x, xq);
            Activations fa = f.run(x);
            Activations qa = q.run(xq);
            for (int i = 0; i < errors.length; i++) {
                int out = int8.operators().get(i).output();
                errors[i].add(fa.float32(out), qa.real(out));
            }
        }
        for (int i = 0; i < errors.length; i++) {
            assertTrue(errors[i].cosine() > 0.99, "layer " + i + " cosine " + errors[i].cosine());
        }
    }

    @Test
    void weightsAreSymmetricPerChannelAndBiasesMatchTheirScales() {
        Graph int8 = quantize(CalibrationMethod.MINMAX);
        Tensor filter = int8.tensor(1);
        assertEquals(TensorType.INT8, filter.type());
        assertEquals(8, filter.quantization().channels());
        assertEquals(0, filter.quantization().quantizedDimension());
        assertArrayEquals(new int[8], filter.quantization().zeroPoints());
        byte[] w = filter.data();
        int largest = 0;
        for (byte b : w) {
            largest = Math.max(largest, Math.abs(b));
            assertTrue(b >= -127, "weights stay in [-127, 127]");
        }
        assertEquals(127, largest, "the largest weight of some channel maps to 127");
        Tensor dw = int8.tensor(5);
        assertEquals(3, dw.quantization().quantizedDimension(), "depthwise filters are per channel along axis 3");
        Tensor bias = int8.tensor(2);
        assertEquals(TensorType.INT32, bias.type());
        float inputScale = int8.inputTensor().quantization().scale();
        for (int c = 0; c < 8; c++) {
            assertEquals(inputScale * filter.quantization().scale(c), bias.quantization().scale(c));
        }
    }

    @Test
    void poolsAndReshapeKeepTheirInputsParametersAndSoftmaxUsesTfLitesOutputScale() {
        Graph int8 = quantize(CalibrationMethod.MINMAX);
        assertEquals(int8.tensor(3).quantization(), int8.tensor(4).quantization(), "max pool");
        assertEquals(int8.tensor(7).quantization(), int8.tensor(8).quantization(), "average pool");
        assertEquals(int8.tensor(8).quantization(), int8.tensor(9).quantization(), "reshape");
        assertEquals(Quantization.perTensor(1f / 256, -128), int8.tensor(13).quantization());
        assertEquals(-128, int8.tensor(3).quantization().zeroPoint(), "a ReLU output's range starts at 0");
    }

    @Test
    void percentileCalibrationClipsSomeValuesAndNarrowsTheRange() {
        Map<Integer, TensorRange> minmax = new Calibrator(floatNet, CalibrationMethod.MINMAX, 0)
                .calibrate(calibration, n -> { });
        Map<Integer, TensorRange> percentile = new Calibrator(floatNet, CalibrationMethod.PERCENTILE, 99.0)
                .calibrate(calibration, n -> { });
        TensorRange wide = minmax.get(12);
        TensorRange narrow = percentile.get(12);
        assertTrue(narrow.max() < wide.max() && narrow.min() > wide.min(), narrow + " inside " + wide);
        assertTrue(narrow.clippedShare() > 0 && narrow.clippedShare() < 0.03, "clipped " + narrow.clippedShare());
        assertEquals(0, wide.clippedShare());
    }

    @Test
    void anEmptyCalibrationSetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Calibrator(floatNet, CalibrationMethod.MINMAX, 0).calibrate(List.of(), n -> { }));
        assertTrue(e.getMessage().contains("calibration set is empty"), e.getMessage());
    }

    @Test
    void aCalibrationImageOfTheWrongShapeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Calibrator(floatNet, CalibrationMethod.MINMAX, 0).calibrate(List.of(new float[10]), n -> { }));
        assertTrue(e.getMessage().contains("holds 144 values"), e.getMessage());
    }
}
