package dev.pawscope.host.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pawscope.host.board.QemuTools;
import dev.pawscope.host.link.Protocol;
import dev.pawscope.host.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `pawscope view --board qemu-m4` for real: the session builds the Cortex-M4F firmware, boots it in
 * QEMU, tethers over its pty, and, the board having no camera, sends it the dataset's test images;
 * the maps the emulated Cortex-M4 streams equal the Java int8 interpreter's. QEMU is slow: few frames.
 * Skipped where make, arm-none-eabi-gcc or qemu-system-arm is missing.
 */
class QemuViewTest {

    @TempDir
    Path tmp;

    @Test
    void aHeadlessViewOfQemuM4SendsTestImagesAndItsMapsEqualTheEmulator() throws Exception {
        assumeTrue(QemuTools.present(), "make, arm-none-eabi-gcc or qemu-system-arm is missing");
        FrameAnalyzer analyzer = FrameAnalyzer.load(TinyModel.model());
        var meta = analyzer.int8Model().folder().metadata();
        SampleSource samples = SampleSource.dataset(TinyModel.data(), meta.input().width(), meta.input().height(),
                meta.labels(), SampleSource.Order.CYCLE, 1);
        List<String> log = new CopyOnWriteArrayList<>();
        long qemuPid;
        try (BoardSession session = BoardSession.open("qemu-m4", analyzer.int8Model(), 0, log::add)) {
            assertEquals("qemu-m4", session.hello().boardId());
            assertFalse(session.hasCamera(), "qemu-m4 runs host-sent frames only");
            assertTrue(session.hello().hasCapability(Protocol.CAP_SET_INPUT));
            assertTrue(session.modelHashMatches());
            assertTrue(session.description().startsWith("qemu-m4 (pid "), session.description());
            qemuPid = Long.parseLong(session.description().replaceAll("^qemu-m4 \\(pid (\\d+)\\).*$", "$1"));
            List<String> progress = new CopyOnWriteArrayList<>();
            ViewMetrics m = HeadlessView.run(session, analyzer, new HeadlessView.Options(3, false, null, null, samples),
                    tmp, progress::add);
            assertEquals(3, m.framesReceived());
            assertTrue(m.mapsEqualEmulator(), "the Cortex-M4's maps equal the Java int8 interpreter's");
            assertEquals(0, m.corruptFrames());
            assertTrue(m.meanInferenceMs() == null || m.meanInferenceMs() > 0);
            assertTrue(progress.stream().anyMatch(l -> l.startsWith("the board has no camera: sending it ")
                    && l.contains("test images of " + TinyModel.data())), progress.toString());
            assertTrue(progress.stream().anyMatch(l -> l.startsWith("3/3 frames, 3 equal to the emulator")),
                    progress.toString());
            assertTrue(Files.isRegularFile(tmp.resolve("panels.png")));
        }
        assertTrue(log.stream().anyMatch(l -> l.startsWith("starting qemu-m4 for model ")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("QEMU booted (pid ")), log.toString());
        assertFalse(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive).orElse(false),
                "closing the session stops QEMU");
    }
}
