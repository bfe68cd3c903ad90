package dev.pawscope.host.link;

/**
 * What a {@link PacketDecoder} delivered and why it dropped the rest, counted since it was made
 * ({@code ps_proto_decoder_stats}).
 *
 * @param packets valid packets delivered
 * @param oversized frames that decoded to more bytes than the buffer holds
 * @param cobs frames with a delimiter inside a COBS block (truncated, or garbage)
 * @param tooShort frames shorter than header and CRC
 * @param badCrc frames whose CRC-32 does not match
 * @param badLength frames whose header length disagrees with their size
 */
public record DecoderStats(long packets, long oversized, long cobs, long tooShort, long badCrc, long badLength) {

    /** Frames dropped for any reason. */
    public long dropped() {
        return oversized + cobs + tooShort + badCrc + badLength;
    }
}
