/**
 * The host side of the pawscope serial protocol ({@code firmware/PROTOCOL.md}; constants and
 * names as in {@code firmware/include/ps_protocol.h}, which is the source of truth), in layers:
 *
 * <ul>
 *   <li>framing: {@link dev.pawscope.host.link.Cobs}, {@link dev.pawscope.host.link.Packet}
 *       (header, payload, CRC-32) and the streaming {@link dev.pawscope.host.link.PacketDecoder};
 *   <li>messages: one immutable record per message type, each with {@code payload()} and
 *       {@code parse(byte[])} ({@link dev.pawscope.host.link.Message}), and
 *       {@link dev.pawscope.host.link.Rle} for MAP data;
 *   <li>frames: {@link dev.pawscope.host.link.FrameAssembler} joins MAP and IMAGE parts with their
 *       FRAME into a {@link dev.pawscope.host.link.DeviceFrame};
 *   <li>transport and session: {@link dev.pawscope.host.link.SerialTransport} (jSerialComm for
 *       serial ports and pseudo-terminals) and {@link dev.pawscope.host.link.BoardLink}, which
 *       runs the handshake, requests, FRAME_ACKs and an event queue for the UI.
 * </ul>
 */
package dev.pawscope.host.link;
