package dev.pawscope.host.link;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames put together from their parts as a board sends them: a 50 x 30 x 3 layer, whose maps
 * take two MAP packets per channel (33 + 17 rows), and a 20 x 60 gray input in two IMAGE packets.
 */
class FrameAssemblerTest {

    private static final Layer LAYER = new Layer(2, 50, 30, 3, Float.floatToIntBits(0.1f), -128);
    private static final int IMAGE_H = 20;
    private static final int IMAGE_W = 60;

    private final SplittableRandom random = new SplittableRandom(8);
    private final FrameAssembler assembler = new FrameAssembler();

    @BeforeEach
    void learnTheLayer() {
        assembler.learn(LAYER);
    }

    /** A board's view of one inference: maps per channel and the input. */
    private final class Sent {
        final long number;
        final byte[][] maps = new byte[LAYER.channels()][];
        final byte[] image = new byte[IMAGE_H * IMAGE_W];
        final List<Message> parts = new ArrayList<>();

        Sent(long number, long channelMask, boolean withImage) {
            this.number = number;
            for (int c = 0; c < maps.length; c++) {
                maps[c] = new byte[LAYER.mapSize()];
                for (int i = 0; i < maps[c].length; i++) {
                    maps[c][i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : (byte) -128;
                }
                if ((channelMask >> c & 1) == 1) {
                    int perPacket = Protocol.mapRowsPerPacket(LAYER.width(), Protocol.MAX_PAYLOAD);
                    for (int row0 = 0; row0 < LAYER.height(); row0 += perPacket) {
                        int rows = Math.min(perPacket, LAYER.height() - row0);
                        byte[] values = new byte[rows * LAYER.width()];
                        System.arraycopy(maps[c], row0 * LAYER.width(), values, 0, values.length);
                        parts.add(MapChunk.of(number, LAYER.layerIndex(), c, LAYER.height(), LAYER.width(), row0,
                                rows, c % 2 == 0 ? MapEncoding.RLE : MapEncoding.RAW, (byte) -128, values));
                    }
                }
            }
            random.nextBytes(image);
            if (withImage) {
                for (int row0 = 0; row0 < IMAGE_H; row0 += 12) {
                    int rows = Math.min(12, IMAGE_H - row0);
                    byte[] data = new byte[rows * IMAGE_W];
                    System.arraycopy(image, row0 * IMAGE_W, data, 0, data.length);
                    parts.add(new Image(number, new ImageChunk(PixelFormat.GRAY8, 1, IMAGE_H, IMAGE_W, row0, rows,
                            data)));
                }
            }
        }

        Frame frame(int partsDropped) {
            return new Frame(number, 1234, 0, Float.floatToIntBits(1f / 256), -128, LAYER.layerIndex(),
                    parts.size(), partsDropped, TimeUnit.MICROSECONDS, new byte[] {-128, 0, 127, -64});
        }
    }

    private void deliver(List<Message> parts) {
        for (Message m : parts) {
            if (m instanceof MapChunk map) {
                assembler.accept(map);
            } else {
                assembler.accept((Image) m);
            }
        }
    }

    @Test
    void allPartsInRowChunksMakeACompleteFrame() {
        Sent sent = new Sent(1, 0b111, true);
        deliver(sent.parts);
        DeviceFrame frame = assembler.finish(sent.frame(0), false);
        assertTrue(frame.complete(), frame.toString());
        assertEquals(8, frame.partsSent(), "2 MAPs for each of 3 channels and 2 IMAGEs");
        assertEquals(List.of(0, 1, 2), List.copyOf(frame.channels()));
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(sent.maps[c], frame.map(c), "channel " + c);
        }
        assertArrayEquals(sent.image, frame.input().orElseThrow().data());
        assertEquals(LAYER, frame.layer().orElseThrow());
        assertArrayEquals(new float[] {0f, 0.5f, 255 / 256f, 0.25f}, frame.dequantizedScores());
        assertEquals(1234, frame.inferenceTime());
        assertEquals(TimeUnit.MICROSECONDS, frame.timeUnit());
        assertFalse(frame.requested());
    }

    @Test
    void channelsNotSentAreAbsent() {
        Sent sent = new Sent(1, 0b101, false);
        deliver(sent.parts);
        DeviceFrame frame = assembler.finish(sent.frame(0), true);
        assertTrue(frame.complete());
        assertEquals(List.of(0, 2), List.copyOf(frame.channels()));
        assertFalse(frame.hasMap(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> frame.map(1));
        assertEquals("frame 1 has no map for channel 1; it has [0, 2] (see channels())", e.getMessage());
        assertTrue(frame.input().isEmpty());
        assertTrue(frame.requested());
    }

    @Test
    void aLostPartLeavesItsChannelOutAndTheFrameIncomplete() {
        Sent sent = new Sent(1, 0b111, true);
        List<Message> parts = new ArrayList<>(sent.parts);
        parts.remove(3); // channel 1's second MAP
        deliver(parts);
        DeviceFrame frame = assembler.finish(sent.frame(0), false);
        assertFalse(frame.complete());
        assertEquals(1, frame.partsLost());
        assertEquals(List.of(0, 2), List.copyOf(frame.channels()));
        assertTrue(frame.input().isPresent());
    }

    @Test
    void partsTheBoardDroppedMakeTheFrameIncomplete() {
        Sent sent = new Sent(1, 0b011, false);
        deliver(sent.parts);
        DeviceFrame frame = assembler.finish(sent.frame(2), false);
        assertFalse(frame.complete());
        assertEquals(2, frame.partsDropped());
        assertEquals(0, frame.partsLost());
    }

    @Test
    void partsOfAFrameWhoseFrameNeverCameAreNotMixedIntoTheNext() {
        Sent first = new Sent(1, 0b111, true);
        Sent second = new Sent(2, 0b111, true);
        deliver(first.parts.subList(0, 5)); // FRAME 1 and the rest of its parts were lost
        deliver(second.parts);
        DeviceFrame frame = assembler.finish(second.frame(0), false);
        assertTrue(frame.complete(), frame.toString());
        assertArrayEquals(second.maps[0], frame.map(0));
        assertArrayEquals(second.image, frame.input().orElseThrow().data());
        assertEquals(5, assembler.partsDiscarded());
    }

    @Test
    void aFrameWhosePartsWereAllLostHasNoMapsAndIsIncomplete() {
        Sent first = new Sent(1, 0b111, false);
        Sent second = new Sent(2, 0b111, false);
        deliver(first.parts); // then FRAME 1 lost, and every part of frame 2
        DeviceFrame frame = assembler.finish(second.frame(0), false);
        assertFalse(frame.complete());
        assertTrue(frame.channels().isEmpty());
        assertEquals(second.parts.size(), frame.partsLost());
        assertEquals(first.parts.size(), assembler.partsDiscarded());
    }

    @Test
    void rowsSentTwiceAndMapsOfAnotherShapeAreNotUsed() {
        Sent sent = new Sent(1, 0b001, false);
        deliver(sent.parts);
        deliver(List.of(sent.parts.get(0)));
        assertFalse(assembler.finish(sent.frame(0), false).complete(), "rows sent twice");

        deliver(List.of(MapChunk.of(2, LAYER.layerIndex(), 0, 50, 31, 0, 1, MapEncoding.RAW, (byte) 0,
                new byte[31])));
        DeviceFrame frame = assembler.finish(new Frame(2, 0, 0, 0, 0, LAYER.layerIndex(), 1, 0, TimeUnit.NONE,
                new byte[0]), false);
        assertFalse(frame.complete(), "a width the layer does not have");
        assertTrue(frame.channels().isEmpty());
    }

    @Test
    void mapsOfALayerTheLinkDoesNotKnowAreNotUsed() {
        FrameAssembler fresh = new FrameAssembler();
        fresh.accept(MapChunk.of(1, 5, 0, 4, 4, 0, 4, MapEncoding.RAW, (byte) 0, new byte[16]));
        DeviceFrame frame = fresh.finish(new Frame(1, 0, 0, 0, 0, 5, 1, 0, TimeUnit.NONE, new byte[0]), false);
        assertTrue(frame.layer().isEmpty());
        assertFalse(frame.complete());
        assertEquals(1, frame.partsLost());
    }

    @Test
    void theGoldenSessionsFrameHasPartialMapsSoItIsIncomplete() throws IOException {
        FrameAssembler golden = new FrameAssembler();
        golden.learn(((Hello) GoldenFramesTest.packet("hello").message()).layer());
        golden.accept((MapChunk) GoldenFramesTest.packet("map_rle").message());
        golden.accept((MapChunk) GoldenFramesTest.packet("map_raw").message());
        golden.accept((Image) GoldenFramesTest.packet("image").message());
        DeviceFrame frame = golden.finish((Frame) GoldenFramesTest.packet("frame").message(), false);
        assertEquals(7, frame.frameNumber());
        assertEquals(0, frame.partsLost(), "all 3 parts arrived");
        assertFalse(frame.complete(), "but they hold only some rows of channels 5 and 7 and of the image");
        assertTrue(frame.channels().isEmpty());
        assertTrue(frame.input().isEmpty());
    }
}
