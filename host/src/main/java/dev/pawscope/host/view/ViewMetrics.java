package dev.pawscope.host.view;

import java.util.List;

/**
 * What {@code pawscope view --headless} writes to {@code metrics.json} (snake_case keys).
 *
 * @param framesReceived frames analysed
 * @param corruptFrames of those, frames with parts dropped by the board or lost on the way
 * @param mapsEqualEmulator every streamed map equals the Java int8 interpreter's for that frame's input
 * @param framesEqualEmulator frames whose maps and scores both equal the interpreter's
 * @param floatDeviceCosine per streamed channel, the mean over frames of cos(float twin, device)
 * @param floatDeviceSqnrDb per channel, the mean SQNR in dB (null where device and twin were equal)
 * @param framesPerSecond frames over the time from the first to the last
 * @param meanInferenceMs the device's mean inference time (null unless it reports time)
 * @param packetsDropped packets lost on the wire (corrupt, truncated or malformed)
 * @param modelHashMatches whether the board's model hash equals the model folder's int8 model
 * @param reconnects how often the board was lost (unplugged, reset) and connected again
 */
public record ViewMetrics(String board, String port, String protocol, String boardModelHash, String modelHash,
        boolean modelHashMatches, int layer, List<Integer> channels, long framesReceived, long corruptFrames,
        boolean mapsEqualEmulator, long framesEqualEmulator, List<Double> floatDeviceCosine,
        List<Double> floatDeviceSqnrDb, double framesPerSecond, Double meanInferenceMs, long packetsDropped,
        long eventsDropped, double bytesPerSecond, String saliencyMethod, double seconds,
        long reconnects) {

    public ViewMetrics {
        channels = List.copyOf(channels);
        floatDeviceCosine = List.copyOf(floatDeviceCosine);
        floatDeviceSqnrDb = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(floatDeviceSqnrDb));
    }
}
