package dev.pawscope.host.link;

/**
 * A snapshot of a {@link BoardLink}'s counters since it opened.
 *
 * @param framesReceived DeviceFrames assembled (camera and requested)
 * @param framesIncomplete of those, frames with parts dropped by the board or lost on the way
 * @param partsDiscarded MAP and IMAGE packets whose FRAME never came
 * @param malformedPackets CRC-valid packets whose fields broke the protocol
 * @param ignoredPackets CRC-valid packets of types this codec does not handle (a later version's,
 *     vendor experiments)
 * @param eventsDropped events the user did not take before the queue filled (oldest first)
 * @param bytesReceived wire bytes read
 * @param framesPerSecond over the last second or so
 * @param bytesPerSecond over the last second or so
 * @param decoder packets delivered and frames dropped (corrupt, truncated, oversized) by the decoder
 */
public record LinkStats(long framesReceived, long framesIncomplete, long partsDiscarded, long malformedPackets,
        long ignoredPackets, long eventsDropped, long bytesReceived, double framesPerSecond, double bytesPerSecond,
        DecoderStats decoder) {

    /** Packets lost on the wire: frames the decoder dropped plus malformed packets. */
    public long packetsDropped() {
        return decoder.dropped() + malformedPackets;
    }
}
