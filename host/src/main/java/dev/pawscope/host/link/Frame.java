package dev.pawscope.host.link;

import java.util.Arrays;

/**
 * FRAME (board to host): one inference, sent after its MAP and IMAGE packets. A camera inference
 * the credit window allowed is unsolicited; the inference a SET_INPUT asked for is its reply.
 * {@link FrameAssembler} joins it with its parts into a {@link DeviceFrame}.
 *
 * @param frameNumber 1, 2, ... since boot, one per FRAME sent
 * @param inferenceTime in {@code timeUnit}
 * @param framesSkipped camera inferences not streamed since boot (no credit or no queue room;
 *     decimation does not count)
 * @param outputScaleBits float32 bits of the scores' scale
 * @param layerIndex the layer this frame's MAP packets carry
 * @param partsSent MAP and IMAGE packets queued for this frame
 * @param partsDropped MAP and IMAGE packets of this frame the board's TX queue refused
 * @param scores quantized outputs, in label order
 */
public record Frame(long frameNumber, long inferenceTime, long framesSkipped, int outputScaleBits,
        int outputZeroPoint, int layerIndex, int partsSent, int partsDropped, TimeUnit timeUnit, byte[] scores)
        implements Message {

    public Frame {
        Message.checkUnsigned("frame_number", frameNumber, 32);
        Message.checkUnsigned("inference_time", inferenceTime, 32);
        Message.checkUnsigned("frames_skipped", framesSkipped, 32);
        Message.checkUnsigned("layer_index", layerIndex, 16);
        Message.checkUnsigned("parts_sent", partsSent, 16);
        Message.checkUnsigned("parts_dropped", partsDropped, 16);
        if (timeUnit == null) {
            throw new IllegalArgumentException("time_unit is required");
        }
        if (scores.length > Protocol.MAX_LABELS) {
            throw new IllegalArgumentException("score_count is " + scores.length + ", at most MAX_LABELS ("
                    + Protocol.MAX_LABELS + ")");
        }
        scores = scores.clone();
    }

    public float outputScale() {
        return Float.intBitsToFloat(outputScaleBits);
    }

    @Override
    public byte[] scores() {
        return scores.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.FRAME;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().u32(frameNumber).u32(inferenceTime).u32(framesSkipped)
                .u32(Integer.toUnsignedLong(outputScaleBits)).u32(outputZeroPoint).u16(layerIndex).u16(partsSent)
                .u16(partsDropped).u8(timeUnit.code()).u8(scores.length).bytes(scores).toByteArray();
    }

    public static Frame parse(byte[] payload) {
        return PayloadReader.parse(MessageType.FRAME, payload, r -> {
            long frameNumber = r.u32("frame_number");
            long inferenceTime = r.u32("inference_time");
            long framesSkipped = r.u32("frames_skipped");
            int scaleBits = r.i32("output_scale_bits");
            int zeroPoint = r.i32("output_zero_point");
            int layerIndex = r.u16("layer_index");
            int partsSent = r.u16("parts_sent");
            int partsDropped = r.u16("parts_dropped");
            TimeUnit unit = TimeUnit.of(r.u8("time_unit"));
            int scoreCount = r.u8("score_count");
            if (scoreCount > Protocol.MAX_LABELS) {
                throw new ProtocolException("FRAME score_count is " + scoreCount + ", at most MAX_LABELS ("
                        + Protocol.MAX_LABELS + ")");
            }
            return new Frame(frameNumber, inferenceTime, framesSkipped, scaleBits, zeroPoint, layerIndex, partsSent,
                    partsDropped, unit, r.bytes(scoreCount, "scores"));
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && Arrays.equals(f.payload(), payload());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload());
    }

    @Override
    public String toString() {
        return "Frame[" + frameNumber + ", " + inferenceTime + " " + timeUnit + ", skipped " + framesSkipped
                + ", layer " + layerIndex + ", parts " + partsSent + " sent " + partsDropped + " dropped, scores "
                + Arrays.toString(scores) + " x " + outputScale() + " zp " + outputZeroPoint + "]";
    }
}
