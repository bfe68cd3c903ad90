package dev.pawscope.host.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.link.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer's small pieces: the numbers it shows, the channel text it reads, recordings it refuses. */
class ViewPartsTest {

    @TempDir
    Path tmp;

    @Test
    void cosineAndSqnrOfKnownVectors() {
        assertEquals(1, FrameAnalyzer.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6}), 1e-12);
        assertEquals(0, FrameAnalyzer.cosine(new float[] {1, 0}, new float[] {0, 1}), 1e-12);
        assertEquals(1, FrameAnalyzer.cosine(new float[] {0, 0}, new float[] {0, 0}), 0, "two silent maps agree");
        assertEquals(0, FrameAnalyzer.cosine(new float[] {0, 0}, new float[] {0, 1}), 0);
        // signal power 25, error power 0.25: 20 dB
        assertEquals(20, FrameAnalyzer.sqnrDb(new float[] {3, 4}, new float[] {3.3f, 4.4f}), 1e-5);
        assertEquals(Double.POSITIVE_INFINITY, FrameAnalyzer.sqnrDb(new float[] {1, 2}, new float[] {1, 2}));
    }

    @Test
    void inferenceTimesReadInTheirUnit() {
        assertEquals("1.24 ms", FrameAnalyzer.describeTime(1240, TimeUnit.MICROSECONDS));
        assertEquals("180,233 cycles", FrameAnalyzer.describeTime(180_233, TimeUnit.CYCLES));
        assertEquals("not measured", FrameAnalyzer.describeTime(0, TimeUnit.NONE));
    }

    @Test
    void channelTextBecomesAMask() {
        assertEquals(0xFF, ChannelSelection.parse("all", 8));
        assertEquals(0b1101, ChannelSelection.parse("0, 2-3", 8));
        assertEquals(-1L, ChannelSelection.parse("all", 100), "at most 64 channels stream");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelSelection.parse("9", 8));
        assertTrue(e.getMessage().contains("outside 0..7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChannelSelection.parse("first", 8));
        assertTrue(e.getMessage().contains("expected channels as all, 0,2,5 or 0-3"), e.getMessage());
    }

    @Test
    void colourMapsRunFromTheirFirstToTheirLastAnchor() {
        assertEquals(0x440154, Colormap.ACTIVATION.rgb(0));
        assertEquals(0xFDE725, Colormap.ACTIVATION.rgb(1));
        int middle = Colormap.DIVERGING.rgb(0.5);
        for (int shift : new int[] {0, 8, 16}) {
            assertTrue((middle >> shift & 0xFF) >= 0xF0,
                    "near white at zero difference: " + Integer.toHexString(middle));
        }
        assertEquals(Colormap.HEAT.rgb(1), Colormap.HEAT.rgb(7), "clamped");
    }

    @Test
    void aFileThatIsNotARecordingIsRefusedWithAHint() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.psrec"), "hello");
        PawscopeException e = assertThrows(PawscopeException.class, () -> SessionRecording.read(file));
        assertTrue(e.getMessage().contains("is not a pawscope recording"), e.getMessage());
        assertTrue(e.hint().contains("--record"), e.hint());

        Path cut = tmp.resolve("cut.psrec");
        byte[] start = new byte[SessionRecording.MAGIC.length + 5];
        System.arraycopy(SessionRecording.MAGIC, 0, start, 0, SessionRecording.MAGIC.length);
        start[SessionRecording.MAGIC.length] = 1;
        Files.write(cut, start);
        e = assertThrows(PawscopeException.class, () -> SessionRecording.read(cut));
        assertTrue(e.getMessage().contains("cut off"), e.getMessage());
    }
}
