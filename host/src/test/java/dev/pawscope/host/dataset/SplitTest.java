package dev.pawscope.host.dataset;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {

    @Test
    void theSplitIsAFunctionOfTheContentHash() {
        byte[] hash = DatasetWriter.sha256(new byte[]{1, 2, 3});
        assertEquals(Split.ofContentHash(hash), Split.ofContentHash(hash.clone()));
    }

    @Test
    void aboutEightyTenTenOverManyImages() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            byte[] hash = DatasetWriter.sha256(ByteBuffer.allocate(4).putInt(i).array());
            counts.merge(Split.ofContentHash(hash), 1, Integer::sum);
        }
        assertTrue(Math.abs(counts.get(Split.TRAIN) / (double) n - 0.8) < 0.01, counts.toString());
        assertTrue(Math.abs(counts.get(Split.VAL) / (double) n - 0.1) < 0.01, counts.toString());
        assertTrue(Math.abs(counts.get(Split.TEST) / (double) n - 0.1) < 0.01, counts.toString());
    }
}
