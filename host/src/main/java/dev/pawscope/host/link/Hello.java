package dev.pawscope.host.link;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * HELLO (board to host): who the board is and what it runs; the reply to HELLO_REQUEST (a board
 * may also send it unsolicited, e.g. at boot).
 *
 * @param protocolMajor the board codec's protocol version
 * @param firmwareMajor the firmware's own version (independent of the protocol's)
 * @param layerCount ops in the model: valid layer indices are 0..layerCount-1
 * @param capabilities {@code Protocol.CAP_*} bits
 * @param modelHash SHA-256 of the int8 .tflite the board runs
 * @param inputHeight the model input [1, H, W, C]
 * @param rxPayloadMax the longest payload the board accepts, in [MIN_RX_PAYLOAD, MAX_PAYLOAD]
 * @param layer the layer streamed now (the boot default until CONFIG)
 * @param boardId e.g. "nano33ble" or a serial number
 * @param labels class names; FRAME.score_count equals their count
 */
public record Hello(int protocolMajor, int protocolMinor, int firmwareMajor, int firmwareMinor, int firmwarePatch,
        int layerCount, long capabilities, byte[] modelHash, int inputHeight, int inputWidth, int inputChannels,
        int rxPayloadMax, Layer layer, String boardId, List<String> labels) implements Message, BoardEvent {

    public Hello {
        Message.checkUnsigned("protocol_major", protocolMajor, 8);
        Message.checkUnsigned("protocol_minor", protocolMinor, 8);
        Message.checkUnsigned("firmware_major", firmwareMajor, 8);
        Message.checkUnsigned("firmware_minor", firmwareMinor, 8);
        Message.checkUnsigned("firmware_patch", firmwarePatch, 16);
        Message.checkUnsigned("layer_count", layerCount, 16);
        Message.checkUnsigned("capabilities", capabilities, 32);
        if (modelHash.length != Protocol.MODEL_HASH_SIZE) {
            throw new IllegalArgumentException("model_hash is a SHA-256 of " + Protocol.MODEL_HASH_SIZE
                    + " bytes, found " + modelHash.length);
        }
        Message.checkUnsigned("input_height", inputHeight, 16);
        Message.checkUnsigned("input_width", inputWidth, 16);
        Message.checkUnsigned("input_channels", inputChannels, 16);
        Message.checkUnsigned("rx_payload_max", rxPayloadMax, 16);
        Objects.requireNonNull(layer, "layer");
        Message.checkText("board_id", boardId);
        if (labels.size() > Protocol.MAX_LABELS) {
            throw new IllegalArgumentException("label_count is " + labels.size() + ", at most MAX_LABELS ("
                    + Protocol.MAX_LABELS + ")");
        }
        for (int i = 0; i < labels.size(); i++) {
            Message.checkText("labels[" + i + "]", labels.get(i));
        }
        modelHash = modelHash.clone();
        labels = List.copyOf(labels);
    }

    public boolean hasCapability(long capability) {
        return (capabilities & capability) == capability;
    }

    @Override
    public byte[] modelHash() {
        return modelHash.clone();
    }

    public String modelHashHex() {
        return HexFormat.of().formatHex(modelHash);
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }

    @Override
    public byte[] payload() {
        PayloadWriter w = new PayloadWriter().u8(protocolMajor).u8(protocolMinor).u8(firmwareMajor).u8(firmwareMinor)
                .u16(firmwarePatch).u16(layerCount).u32(capabilities).bytes(modelHash).u16(inputHeight)
                .u16(inputWidth).u16(inputChannels).u16(rxPayloadMax).layer(layer).text(boardId).u8(labels.size());
        labels.forEach(w::text);
        return w.toByteArray();
    }

    public static Hello parse(byte[] payload) {
        return PayloadReader.parse(MessageType.HELLO, payload, r -> {
            int protocolMajor = r.u8("protocol_major");
            int protocolMinor = r.u8("protocol_minor");
            int firmwareMajor = r.u8("firmware_major");
            int firmwareMinor = r.u8("firmware_minor");
            int firmwarePatch = r.u16("firmware_patch");
            int layerCount = r.u16("layer_count");
            long capabilities = r.u32("capabilities");
            byte[] hash = r.bytes(Protocol.MODEL_HASH_SIZE, "model_hash");
            int inputHeight = r.u16("input_height");
            int inputWidth = r.u16("input_width");
            int inputChannels = r.u16("input_channels");
            int rxPayloadMax = r.u16("rx_payload_max");
            Layer layer = r.layer();
            String boardId = r.text("board_id");
            int labelCount = r.u8("label_count");
            if (labelCount > Protocol.MAX_LABELS) {
                throw new ProtocolException("HELLO label_count is " + labelCount + ", at most MAX_LABELS ("
                        + Protocol.MAX_LABELS + ")");
            }
            String[] labels = new String[labelCount];
            for (int i = 0; i < labelCount; i++) {
                labels[i] = r.text("labels[" + i + "]");
            }
            return new Hello(protocolMajor, protocolMinor, firmwareMajor, firmwareMinor, firmwarePatch, layerCount,
                    capabilities, hash, inputHeight, inputWidth, inputChannels, rxPayloadMax, layer, boardId,
                    List.of(labels));
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hello h && Arrays.equals(h.payload(), payload());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload());
    }

    @Override
    public String toString() {
        return "Hello[protocol " + protocolMajor + "." + protocolMinor + ", firmware " + firmwareMajor + "."
                + firmwareMinor + "." + firmwarePatch + ", board '" + boardId + "', model " + modelHashHex()
                + ", input " + inputHeight + "x" + inputWidth + "x" + inputChannels + ", " + layerCount
                + " layers, capabilities 0x" + Long.toHexString(capabilities) + ", rx_payload_max " + rxPayloadMax
                + ", " + layer + ", labels " + labels + "]";
    }
}
