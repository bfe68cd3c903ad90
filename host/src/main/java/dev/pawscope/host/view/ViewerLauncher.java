package dev.pawscope.host.view;

import dev.pawscope.host.cli.PawscopeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Opens the viewer window from the command line and blocks until the user closes it. */
public final class ViewerLauncher {

    /** Connects to what the command line names (a board or a recording). */
    @FunctionalInterface
    public interface SourceOpener {
        FrameSource open(FrameAnalyzer analyzer) throws IOException, InterruptedException;
    }

    /**
     * JavaFX's logger, kept (a logger only referenced by name may be collected with its level).
     * pawscope runs from the class path, which JavaFX supports but warns about at every start
     * ("Unsupported JavaFX configuration"); that warning tells a user nothing they can act on.
     */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");

    private ViewerLauncher() {}

    /**
     * Connects (on this thread: it may take seconds), starts JavaFX, shows the window and waits
     * until it is closed; then stops the viewer and the board it started.
     *
     * @param record record the session from the start to this file, or null
     * @param samples what "Send sample" sends
     * @return the exit status: 0
     */
    public static int launch(FrameAnalyzer analyzer, SourceOpener opener, String saliency, Path record,
            SampleSource samples) throws IOException, InterruptedException {
        FrameSource source = opener.open(analyzer);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<LiveViewer> viewer = new AtomicReference<>();
        JAVAFX_LOG.setLevel(Level.SEVERE);
        Platform.setImplicitExit(false);
        try {
            startup(source, analyzer, saliency, record, samples, viewer, closed);
        } catch (RuntimeException e) {
            source.close();
            throw PawscopeException.io("JavaFX cannot open a window: " + e.getMessage(),
                    "on Linux it needs GTK 3 (Debian: sudo apt-get install libgtk-3-0); or write the panels as "
                            + "PNGs with --headless --out DIR", e);
        }
        try {
            closed.await();
        } finally {
            LiveViewer live = viewer.get();
            if (live != null) {
                live.close();
            } else {
                source.close();
            }
            Platform.exit();
        }
        return 0;
    }

    private static void startup(FrameSource source, FrameAnalyzer analyzer, String saliency, Path record,
            SampleSource samples, AtomicReference<LiveViewer> viewer, CountDownLatch closed) {
        Platform.startup(() -> {
            ViewerModel model = new ViewerModel();
            LiveViewer live = new LiveViewer(source, analyzer, model, saliency);
            viewer.set(live);
            ViewerWindow window = new ViewerWindow(live, model, saliency, Path.of("").toAbsolutePath(), samples);
            Stage stage = new Stage();
            stage.setTitle("pawscope view · " + source.description());
            stage.setScene(new Scene(window.root(), 1330, 1000));
            stage.setOnHidden(e -> closed.countDown());
            stage.show();
            live.start();
            if (record != null) {
                live.startRecording(record);
            }
        });
    }
}
