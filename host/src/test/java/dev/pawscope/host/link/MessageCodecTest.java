package dev.pawscope.host.link;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every message encodes and parses back to itself, and malformed payloads are refused with a reason. */
class MessageCodecTest {

    private final SplittableRandom random = new SplittableRandom(6);

    private long u32() {
        return random.nextLong(1L << 32);
    }

    private int u16() {
        return random.nextInt(1 << 16);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private String text() {
        return "é".repeat(random.nextInt(60)) + "x".repeat(random.nextInt(100)); // UTF-8, up to 220 bytes
    }

    private Layer layer() {
        return new Layer(u16(), u16(), u16(), u16(), random.nextInt(), random.nextInt());
    }

    private Config config() {
        return new Config(u16(), u16(), u16(), random.nextInt(256), MapEncoding.values()[random.nextInt(2)],
                random.nextLong());
    }

    private ImageChunk chunk() {
        int width = 1 + random.nextInt(40);
        int channels = 1 + random.nextInt(3);
        int rows = 1 + random.nextInt(6);
        int row0 = random.nextInt(10);
        return new ImageChunk(PixelFormat.values()[random.nextInt(2)], channels, row0 + rows + random.nextInt(5),
                width, row0, rows, bytes(rows * width * channels));
    }

    private List<Message> oneOfEach() {
        List<String> labels = new ArrayList<>();
        for (int i = random.nextInt(Protocol.MAX_LABELS + 1); i > 0; i--) {
            labels.add("label" + random.nextInt(1000));
        }
        int width = 1 + random.nextInt(100);
        int rows = 1 + random.nextInt(Protocol.MAP_MAX_DATA / width);
        byte fill = (byte) random.nextInt(256);
        byte[] values = bytes(rows * width);
        for (int i = 0; i < values.length; i++) {
            if (random.nextInt(3) > 0) {
                values[i] = fill;
            }
        }
        return List.of(new Ping(u32()), new HelloRequest(random.nextInt(256), random.nextInt(256)), config(),
                new SetInput(chunk()), new FrameAck(u32()), new Pong(u32(), u32(), u32(), u32()),
                new Hello(1, 0, random.nextInt(256), random.nextInt(256), u16(), u16(), u32(), bytes(32), u16(),
                        u16(), u16(), u16(), layer(), text(), labels),
                new ConfigAck(config(), layer()), new InputAck(u16(), u16()),
                new Frame(u32(), u32(), u32(), random.nextInt(), random.nextInt(), u16(), u16(), u16(),
                        TimeUnit.values()[random.nextInt(4)], bytes(random.nextInt(Protocol.MAX_LABELS + 1))),
                MapChunk.of(u32(), u16(), u16(), rows + random.nextInt(10), width, 0, rows,
                        MapEncoding.values()[random.nextInt(2)], fill, values),
                new Image(u32(), chunk()), new Log(LogLevel.values()[random.nextInt(4)], text()),
                new ErrorMessage(u16(), text()));
    }

    @Test
    void everyMessageRoundTripsThroughItsPayloadAndTheWire() {
        for (int trial = 0; trial < 300; trial++) {
            for (Message m : oneOfEach()) {
                Packet packet = Packet.of(m, u16());
                assertEquals(m, Message.parse(packet), m.type().toString());
                List<Packet> decoded = new PacketDecoder().feed(packet.toWire());
                assertEquals(List.of(packet), decoded);
                assertEquals(m, decoded.get(0).message());
            }
        }
    }

    @Test
    void everyMessageTypeIsCovered() {
        assertEquals(List.of(MessageType.values()), oneOfEach().stream().map(Message::type).sorted().toList());
    }

    @Test
    void aPayloadShorterThanItsFieldsIsMalformed() throws IOException {
        for (String name : List.of("ping", "hello_request", "config", "set_input", "frame_ack", "pong", "hello",
                "config_ack", "input_ack", "map_rle", "map_raw", "image", "frame", "log", "error")) {
            Packet p = GoldenFramesTest.packet(name);
            byte[] payload = p.payload();
            for (int length = 0; length < payload.length; length++) {
                Packet cut = new Packet(p.type(), p.flags(), p.seq(), p.refSeq(), Arrays.copyOf(payload, length));
                assertThrows(ProtocolException.class, cut::message, name + " cut to " + length);
            }
        }
        ProtocolException e = assertThrows(ProtocolException.class, () -> Ping.parse(new byte[3]));
        assertEquals("PING payload is 3 bytes, too short for its fields: token needs 4 bytes at offset 0",
                e.getMessage());
    }

    @Test
    void bytesAfterTheLastKnownFieldAreIgnored() throws IOException {
        Packet p = GoldenFramesTest.packet("frame");
        byte[] longer = Arrays.copyOf(p.payload(), p.payload().length + 5);
        assertEquals(p.message(), new Packet(p.type(), 0, 0, 0, longer).message(), "a later minor version's fields");
    }

    @Test
    void reservedTypesAndUnknownFieldValuesAreMalformed() throws IOException {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new Packet(0x40, 0, 0, 0, new byte[0]).message());
        assertEquals("message type 0x40 is not one this codec knows (protocol 1.0)", e.getMessage());

        byte[] map = GoldenFramesTest.packet("map_raw").payload();
        map[16] = 2; // encoding
        e = assertThrows(ProtocolException.class, () -> MapChunk.parse(map));
        assertTrue(e.getMessage().contains("map encoding 2 is unknown"), e.getMessage());

        byte[] frame = GoldenFramesTest.packet("frame").payload();
        frame[27] = (byte) 65; // score_count
        e = assertThrows(ProtocolException.class, () -> Frame.parse(frame));
        assertTrue(e.getMessage().contains("score_count is 65, at most MAX_LABELS (64)"), e.getMessage());

        byte[] rle = GoldenFramesTest.packet("map_rle").payload();
        rle[rle.length - 1] = 5; // the last token 7F becomes 05: still 288 values, fine
        MapChunk.parse(rle);
        rle[rle.length - 2] = 0x1C; // a run of 29: 289 values
        assertThrows(ProtocolException.class, () -> MapChunk.parse(rle));
    }

    @Test
    void fieldsOutsideTheirWireRangeAreRefusedWithExpectedAndFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FrameAck(1L << 32));
        assertEquals("frame_number is a u32, so in [0, 4294967295], found 4294967296", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Log(LogLevel.INFO, "x".repeat(256)));
        assertEquals("text is 256 UTF-8 bytes, at most MAX_TEXT (255) fit", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ImageChunk(PixelFormat.GRAY8, 1, 8, 8, 6, 4, new byte[32]));
        assertEquals("rows 6..9 do not fit an image of 8 rows", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MapChunk(1, 0, 0, 96, 96, 0, 11, MapEncoding.RAW, (byte) 0, new byte[1056]));
        assertEquals("MAP carries rows x width = 1056 values, at most MAP_MAX_DATA (1004)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Packet(1, 0, 0, 0, new byte[1025]));
        assertEquals("a payload of 1025 bytes exceeds MAX_PAYLOAD (1024)", e.getMessage());
    }

    @Test
    void aMapIsRleOnlyWhenThatIsStrictlyShorter() {
        byte[] noisy = bytes(100);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (byte) (i + 1);
        }
        MapChunk raw = MapChunk.of(1, 0, 0, 10, 10, 0, 10, MapEncoding.RLE, (byte) 0, noisy);
        assertEquals(MapEncoding.RAW, raw.encoding());
        assertArrayEquals(noisy, raw.values());
        MapChunk rle = MapChunk.of(1, 0, 0, 10, 10, 0, 10, MapEncoding.RLE, (byte) 0, new byte[100]);
        assertEquals(MapEncoding.RLE, rle.encoding());
        assertEquals(2, rle.data().length);
        assertArrayEquals(new byte[100], rle.values());
    }

    @Test
    void messagesAreImmutable() {
        byte[] scores = {1, 2, 3};
        Frame f = new Frame(1, 0, 0, 0, 0, 0, 0, 0, TimeUnit.NONE, scores);
        scores[0] = 9;
        f.scores()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, f.scores());
    }
}
