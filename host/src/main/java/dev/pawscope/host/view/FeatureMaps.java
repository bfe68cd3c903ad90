package dev.pawscope.host.view;

import java.util.List;

/**
 * Some channels of one layer's output as real values: each channel a height x width map,
 * row-major. Immutable; arrays are copied in and out.
 *
 * @param channels the channel numbers, ascending, parallel to the maps
 */
public record FeatureMaps(int width, int height, List<Integer> channels, float[][] maps) {

    public FeatureMaps {
        channels = List.copyOf(channels);
        if (maps.length != channels.size()) {
            throw new IllegalArgumentException(channels.size() + " channels but " + maps.length + " maps");
        }
        float[][] copy = new float[maps.length][];
        for (int i = 0; i < maps.length; i++) {
            if (maps[i].length != width * height) {
                throw new IllegalArgumentException("map " + i + " has " + maps[i].length + " values, expected "
                        + width + "x" + height);
            }
            copy[i] = maps[i].clone();
        }
        maps = copy;
    }

    @Override
    public float[][] maps() {
        float[][] copy = new float[maps.length][];
        for (int i = 0; i < maps.length; i++) {
            copy[i] = maps[i].clone();
        }
        return copy;
    }

    /** The map of the {@code i}-th listed channel (not channel number {@code i}). */
    public float[] map(int i) {
        return maps[i].clone();
    }

    public int size() {
        return channels.size();
    }

    /** The smallest and largest value over every map, {0, 0} when there are none. */
    public float[] range() {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float[] m : maps) {
            for (float v : m) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo > hi ? new float[] {0, 0} : new float[] {lo, hi};
    }

    /** Channel values of an NHWC tensor ({@code [1,H,W,C]}, or {@code [1,C]} as 1x1) for the listed channels. */
    static FeatureMaps fromNhwc(float[] nhwc, int height, int width, int channelCount, List<Integer> channels) {
        float[][] maps = new float[channels.size()][height * width];
        for (int i = 0; i < channels.size(); i++) {
            int c = channels.get(i);
            for (int p = 0; p < height * width; p++) {
                maps[i][p] = nhwc[p * channelCount + c];
            }
        }
        return new FeatureMaps(width, height, channels, maps);
    }
}
