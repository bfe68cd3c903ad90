package dev.pawscope.host.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.SimBoard;
import dev.pawscope.host.testing.TinyModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The viewer window's real scene on Monocle's headless glass (no display), fed by the real
 * simulated board: the panels fill in as frames arrive, the controls reach the board, and
 * a snapshot is written as a PNG.
 */
class ViewerWindowTest {

    private static FrameAnalyzer analyzer;

    @TempDir
    Path tmp;

    private final FxRobot robot = new FxRobot();
    private LiveViewer viewer;
    private ViewerModel model;
    private ViewerWindow window;

    @BeforeAll
    static void headlessJavaFx() throws Exception {
        System.setProperty("testfx.robot", "glass");
        System.setProperty("testfx.headless", "true");
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("headless.geometry", "1600x1200-32"); // Monocle's virtual screen: room for the window
        FxToolkit.registerPrimaryStage();
        analyzer = FrameAnalyzer.load(TinyModel.model());
    }

    private void open(FrameSource source) throws Exception {
        open(source, null);
    }

    /** @param samples what "Send sample" sends; null: the synthetic default */
    private void open(FrameSource source, SampleSource samples) throws Exception {
        model = new ViewerModel();
        viewer = new LiveViewer(source, analyzer, model, "gradient");
        FxToolkit.setupSceneRoot(() -> {
            window = samples == null ? new ViewerWindow(viewer, model, "gradient", tmp)
                    : new ViewerWindow(viewer, model, "gradient", tmp, samples);
            return window.root();
        });
        FxToolkit.setupStage(stage -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1320);
            stage.setHeight(960);
        });
        FxToolkit.showStage();
        viewer.start();
    }

    @AfterEach
    void close() throws Exception {
        if (viewer != null) {
            viewer.close();
        }
        FxToolkit.cleanupStages();
    }

    @Test
    void framesFromTheSimFillEveryPanelAndTheStatusLine() throws Exception {
        open(BoardSession.open("sim", analyzer.int8Model(), 10, line -> { }));
        for (String id : List.of("#input", "#saliency", "#deviceMaps", "#twinMaps", "#difference", "#predictions")) {
            assertNotNull(robot.lookup(id).queryAs(ImageView.class), id);
        }
        waitUntil(() -> model.framesShownProperty().get() >= 2, "two frames shown");
        for (String id : List.of("#input", "#deviceMaps", "#twinMaps", "#difference", "#predictions")) {
            assertNotNull(robot.lookup(id).queryAs(ImageView.class).getImage(), id + " shows a panel");
        }
        FrameAnalysis a = viewer.latest();
        assertTrue(a.mapsEqualEmulator(), "the sim's maps equal the emulator's");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), a.device().channels());
        waitUntil(() -> robot.lookup("#saliency").queryAs(ImageView.class).getImage() != null, "a saliency map");
        // the status line is refreshed on a timer: wait for one written after a frame was analysed
        waitUntil(() -> robot.lookup("#status").queryAs(Label.class).getText().contains("inference"),
                "a status with the device's inference time");
        String status = robot.lookup("#status").queryAs(Label.class).getText();
        assertTrue(status.contains("board sim") && status.contains("protocol 1.0") && status.contains("(matches)")
                && status.contains("inference") && status.contains("kB/s") && status.contains("corrupt"), status);
    }

    @Test
    void pauseHoldsThePanelsAndStepShowsExactlyOneMoreFrame() throws Exception {
        open(BoardSession.open("sim", analyzer.int8Model(), 20, line -> { }));
        waitUntil(() -> model.framesShownProperty().get() >= 1, "a frame");
        robot.clickOn("#pause");
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        long held = model.framesShownProperty().get();
        WaitForAsyncUtils.sleep(700, TimeUnit.MILLISECONDS);
        assertEquals(held, model.framesShownProperty().get(), "paused: no new frame shown");
        robot.clickOn("#step");
        waitUntil(() -> model.framesShownProperty().get() == held + 1, "one stepped frame");
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        assertEquals(held + 1, model.framesShownProperty().get(), "still paused after the step");
        assertTrue(robot.lookup("#pause").queryAs(ToggleButton.class).isSelected());
    }

    @Test
    void choosingChannelsSendsAConfigAndTheSaliencyChooserSwitchesMethod() throws Exception {
        open(BoardSession.open("sim", analyzer.int8Model(), 10, line -> { }));
        waitUntil(() -> model.framesShownProperty().get() >= 1, "a frame");
        robot.interact(() -> robot.lookup("#channels").queryAs(TextField.class).setText("0,2-3"));
        robot.clickOn("#configure");
        waitUntil(() -> viewer.latest() != null && viewer.latest().device().channels().equals(List.of(0, 2, 3)),
                "frames with channels 0, 2 and 3");
        assertTrue(model.messageProperty().get().contains("channels 0xd"), model.messageProperty().get());

        robot.interact(() -> robot.lookup("#saliencyMethod").<String>queryComboBox().setValue("occlusion"));
        waitUntil(() -> model.saliencyTitleProperty().get().contains("occlusion (int8 model)"), "occlusion");
    }

    @Test
    void aSentSampleComesBackAsTheBoardsAnswerAndASnapshotIsWrittenAsPng() throws Exception {
        open(BoardSession.open("sim", analyzer.int8Model(), 0, line -> { }));
        robot.interact(() -> robot.lookup("#sampleLabel").<String>queryComboBox().setValue("stand"));
        robot.clickOn("#sendSample");
        waitUntil(() -> model.framesShownProperty().get() >= 1, "the answer to SET_INPUT");
        assertTrue(viewer.latest().requested(), "the frame answers our SET_INPUT");
        waitUntil(() -> model.messageProperty().get().contains("the board answered with frame"), "a notice");

        robot.clickOn("#snapshot");
        waitUntil(() -> model.messageProperty().get().startsWith("snapshot saved to "), "the snapshot");
        Path png = Path.of(model.messageProperty().get().substring("snapshot saved to ".length()));
        assertTrue(png.startsWith(tmp) && Files.isRegularFile(png), png.toString());
        BufferedImage image = ImageIO.read(png.toFile());
        keep(png);
        assertTrue(image.getWidth() > 600 && image.getHeight() > 400, image.getWidth() + "x" + image.getHeight());
    }

    @Test
    void withADatasetSendSampleSendsItsTestImagesInTurnAndShowsTheirTrueLabelBesideTheBoardsPrediction()
            throws Exception {
        var meta = analyzer.int8Model().folder().metadata();
        SampleSource samples = SampleSource.dataset(TinyModel.data(), meta.input().width(), meta.input().height(),
                meta.labels(), SampleSource.Order.CYCLE, 1);
        open(BoardSession.open("sim", analyzer.int8Model(), 0, line -> { }), samples);
        Button send = robot.lookup("#sendSample").queryAs(Button.class);
        assertEquals("Send test image", send.getText());
        assertTrue(send.getTooltip().getText().contains("test images of " + TinyModel.data()),
                send.getTooltip().getText());

        robot.interact(() -> robot.lookup("#sampleLabel").<String>queryComboBox().setValue("lie_down"));
        robot.clickOn("#sendSample");
        waitUntil(() -> model.sampleTruthProperty().get().startsWith("true label: lie_down · the board says: "),
                "the first lie_down test image's truth");
        String first = model.sampleTruthProperty().get();
        assertTrue(first.contains("lie_down/"), "names the test image: " + first);
        assertTrue(robot.lookup("#sampleTruth").queryAs(Label.class).getText().equals(first));
        waitUntil(() -> viewer.latest() != null && viewer.latest().requested(), "the board's answer shown");
        String predicted = viewer.latest().labels().get(viewer.latest().devicePrediction());
        assertTrue(first.contains("the board says: " + predicted + " ("), first + " vs the shown " + predicted);
        assertTrue(first.contains(predicted.equals("lie_down") ? "✓" : "✗"), first);

        robot.clickOn("#sendSample");
        waitUntil(() -> !model.sampleTruthProperty().get().equals(first), "the next test image");
        String second = model.sampleTruthProperty().get();
        assertTrue(second.startsWith("true label: lie_down") && second.contains("lie_down/"), second);
    }

    @Test
    void theStatusBarSaysReconnectingWhileTheBoardIsAwayAndFramesFlowAgainWhenItIsBack() throws Exception {
        Path port = tmp.resolve("board");
        byte[] reel = CameraReel.encode(CameraReel.synthetic(32, 5, 8));
        SimBoard first = SimBoard.start(PawscopeHome.locate(), analyzer.int8Model(), reel, port, 10,
                SimBoard.defaultCacheRoot(), line -> { });
        SimBoard second = null;
        try {
            open(BoardSession.open(port.toString(), analyzer.int8Model(), 0, BoardSessionReconnectTest.FAST,
                    line -> { }));
            waitUntil(() -> model.framesShownProperty().get() >= 1, "a frame");
            ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
            first.waitFor();
            Label status = robot.lookup("#status").queryAs(Label.class);
            waitUntil(() -> status.getText().startsWith("reconnecting to " + port + "... (attempt "),
                    "the reconnect in the status bar");
            second = SimBoard.start(PawscopeHome.locate(), analyzer.int8Model(), reel, port, 10,
                    SimBoard.defaultCacheRoot(), line -> { });
            waitUntil(() -> status.getText().startsWith("board sim") && status.getText().contains("1 reconnect"),
                    "connected again, the reconnect counted");
            waitUntil(() -> model.messageProperty().get().startsWith("reconnected to " + port), "a notice");
            long shown = model.framesShownProperty().get();
            waitUntil(() -> model.framesShownProperty().get() >= shown + 2, "frames from the new board");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void withoutADatasetSendSampleSaysItSendsSyntheticDogs() throws Exception {
        open(BoardSession.open("sim", analyzer.int8Model(), 0, line -> { }));
        Button send = robot.lookup("#sendSample").queryAs(Button.class);
        assertEquals("Send synthetic sample", send.getText());
        assertTrue(send.getTooltip().getText().contains("no --data"), send.getTooltip().getText());
        robot.interact(() -> robot.lookup("#sampleLabel").<String>queryComboBox().setValue("sit"));
        robot.clickOn("#sendSample");
        waitUntil(() -> model.sampleTruthProperty().get().startsWith("true label: sit · the board says: "),
                "the synthetic sample's truth");
        assertTrue(model.sampleTruthProperty().get().endsWith("synthetic #0"), model.sampleTruthProperty().get());
    }

    @Test
    void aRecordedSessionReplaysWithNoBoardAndItsControlsDisabled() throws Exception {
        Path recording = tmp.resolve("s.psrec");
        open(BoardSession.open("sim", analyzer.int8Model(), 20, line -> { }));
        robot.clickOn("#record");
        waitUntil(() -> model.recordingProperty().get(), "recording");
        long from = model.framesShownProperty().get();
        waitUntil(() -> model.framesShownProperty().get() >= from + 3, "three recorded frames");
        robot.clickOn("#record");
        waitUntil(() -> !model.recordingProperty().get(), "recording stopped");
        viewer.close();
        FxToolkit.cleanupStages();
        try (var files = Files.list(tmp)) {
            Files.move(files.filter(p -> p.toString().endsWith(".psrec")).findFirst().orElseThrow(), recording);
        }

        open(new ReplaySource(recording, 4, true));
        waitUntil(() -> model.framesShownProperty().get() >= 3, "replayed frames");
        assertTrue(viewer.latest().mapsEqualEmulator());
        for (String id : List.of("#configure", "#sendSample", "#sendImage", "#record")) {
            assertTrue(robot.lookup(id).queryAs(javafx.scene.Node.class).isDisabled(), id + " is disabled");
        }
        assertTrue(robot.lookup("#status").queryAs(Label.class).getText().contains("(replay)"));
        assertTrue(robot.lookup("#pause").queryAs(ToggleButton.class) != null);
        assertTrue(robot.lookup("#snapshot").queryAs(Button.class) != null);
        assertTrue(robot.lookup("#layer").queryAs(ComboBox.class).isDisabled());
    }

    /** Copies a snapshot to $PAWSCOPE_KEEP_PANELS, to look at it after the tests. */
    private static void keep(Path png) throws java.io.IOException {
        String keep = System.getenv("PAWSCOPE_KEEP_PANELS");
        if (keep != null) {
            Files.createDirectories(Path.of(keep));
            Files.copy(png, Path.of(keep, "window-snapshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.getAsBoolean();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }
}
