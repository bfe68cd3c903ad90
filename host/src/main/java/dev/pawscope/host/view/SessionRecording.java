package dev.pawscope.host.view;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.Frame;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.ImageChunk;
import dev.pawscope.host.link.Layer;
import dev.pawscope.host.link.PixelFormat;
import dev.pawscope.host.link.ProtocolException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded viewer session: the board's HELLO and every frame, each stamped with when it
 * arrived, so a session can be replayed with no board ({@link ReplaySource}). The file is the
 * magic {@code PSREC\0v1}, then records {@code kind u8, nanos since start i64, length i32, body}
 * (big-endian): kind 1 is a HELLO (its protocol payload), kind 2 a frame (its FRAME payload, the
 * layer, the maps, the input image and the assembly flags). A reader skips kinds it does not know.
 */
public final class SessionRecording {

    static final byte[] MAGIC = "PSREC\0v1".getBytes(StandardCharsets.US_ASCII);
    static final int HELLO = 1;
    static final int FRAME = 2;

    /** One recorded event and when it arrived, in nanoseconds since the recording started. */
    public record Entry(long nanos, BoardEvent event) {}

    private final Hello hello;
    private final List<Entry> entries;

    private SessionRecording(Hello hello, List<Entry> entries) {
        this.hello = hello;
        this.entries = List.copyOf(entries);
    }

    public Hello hello() {
        return hello;
    }

    /** The frames and HELLOs in arrival order (the first HELLO included). */
    public List<Entry> entries() {
        return entries;
    }

    public List<DeviceFrame> frames() {
        return entries.stream().map(Entry::event).filter(DeviceFrame.class::isInstance)
                .map(DeviceFrame.class::cast).toList();
    }

    /** Reads a recording, refusing anything else with a clear error. */
    public static SessionRecording read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw PawscopeException.badInput(file + " is not a pawscope recording (expected it to start with "
                        + "PSREC v1)", "record one with `pawscope view --record FILE`");
            }
            Hello hello = null;
            List<Entry> entries = new ArrayList<>();
            while (true) {
                int kind = in.read();
                if (kind < 0) {
                    break;
                }
                long nanos = in.readLong();
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                if (kind == HELLO) {
                    Hello h = Hello.parse(body);
                    hello = hello == null ? h : hello;
                    entries.add(new Entry(nanos, h));
                } else if (kind == FRAME) {
                    entries.add(new Entry(nanos, decodeFrame(body, hello)));
                }
            }
            if (hello == null) {
                throw PawscopeException.badInput(file + " holds no HELLO, so nothing says what board and model "
                        + "made it", "record the session again");
            }
            return new SessionRecording(hello, entries);
        } catch (EOFException e) {
            throw PawscopeException.badInput(file + " ends in the middle of a record (the recording was cut off)",
                    "record the session again; a recording is complete once the viewer stops");
        } catch (ProtocolException | IllegalArgumentException e) {
            throw PawscopeException.badInput(file + " holds a damaged record: " + e.getMessage(),
                    "record the session again");
        } catch (IOException e) {
            throw PawscopeException.io("cannot read " + file + ": " + e.getMessage(), "check the path", e);
        }
    }

    /** Writes events as they come; thread-safe; {@link #close} flushes. */
    public static final class Writer implements AutoCloseable {

        private final DataOutputStream out;
        private final long start = System.nanoTime();

        public Writer(Path file, Hello hello) throws IOException {
            OutputStream stream = Files.newOutputStream(file);
            out = new DataOutputStream(new BufferedOutputStream(stream));
            out.write(MAGIC);
            write(HELLO, hello.payload());
        }

        /** Records a frame or a HELLO; other events are not recorded. */
        public synchronized void add(BoardEvent event) throws IOException {
            if (event instanceof DeviceFrame frame) {
                write(FRAME, encodeFrame(frame));
            } else if (event instanceof Hello h) {
                write(HELLO, h.payload());
            }
        }

        private void write(int kind, byte[] body) throws IOException {
            out.write(kind);
            out.writeLong(System.nanoTime() - start);
            out.writeInt(body.length);
            out.write(body);
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
        }
    }

    static byte[] encodeFrame(DeviceFrame f) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        byte[] frame = f.frame().payload();
        out.writeInt(frame.length);
        out.write(frame);
        Layer layer = f.layer().orElse(null);
        out.writeBoolean(layer != null);
        if (layer != null) {
            out.writeInt(layer.layerIndex());
            out.writeInt(layer.height());
            out.writeInt(layer.width());
            out.writeInt(layer.channels());
            out.writeInt(layer.scaleBits());
            out.writeInt(layer.zeroPoint());
        }
        out.writeInt(f.channels().size());
        for (int c : f.channels()) {
            byte[] map = f.map(c);
            out.writeInt(c);
            out.writeInt(map.length);
            out.write(map);
        }
        ImageChunk input = f.input().orElse(null);
        out.writeBoolean(input != null);
        if (input != null) {
            out.writeByte(input.pixelFormat().code());
            out.writeInt(input.channels());
            out.writeInt(input.height());
            out.writeInt(input.width());
            out.write(input.data());
        }
        out.writeInt(f.partsLost());
        out.writeBoolean(f.complete());
        out.writeBoolean(f.requested());
        out.flush();
        return bytes.toByteArray();
    }

    static DeviceFrame decodeFrame(byte[] body, Hello hello) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body));
        Frame frame = Frame.parse(readBytes(in, in.readInt()));
        Layer layer = in.readBoolean()
                ? new Layer(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt())
                : null;
        int count = in.readInt();
        Map<Integer, byte[]> maps = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int channel = in.readInt();
            maps.put(channel, readBytes(in, in.readInt()));
        }
        ImageChunk input = null;
        if (in.readBoolean()) {
            PixelFormat format = PixelFormat.of(in.readUnsignedByte());
            int channels = in.readInt();
            int height = in.readInt();
            int width = in.readInt();
            input = ImageChunk.whole(format, channels, height, width, readBytes(in, height * width * channels));
        }
        int partsLost = in.readInt();
        boolean complete = in.readBoolean();
        boolean requested = in.readBoolean();
        return new DeviceFrame(frame, layer, maps, input, partsLost, complete, requested);
    }

    private static byte[] readBytes(DataInputStream in, int n) throws IOException {
        if (n < 0 || n > 1 << 24) {
            throw new IOException("a record field of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
