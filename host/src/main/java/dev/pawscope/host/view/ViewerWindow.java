package dev.pawscope.host.view;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.ImageResizer;
import dev.pawscope.host.dataset.PngCodec;
import dev.pawscope.host.explain.AttributionMethods;
import dev.pawscope.host.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The viewer window's scene: a tool bar (pause/step, layer and channels, images to send, saliency
 * method and opacity, snapshot, record), the panels (the same images the headless viewer writes,
 * drawn by {@link PanelRenderer} off the JavaFX thread; the saliency map a separate layer over the
 * input so its opacity follows the slider at once) and a status bar. Nodes that tests look up have
 * ids: {@code #input}, {@code #saliency}, {@code #deviceMaps}, {@code #twinMaps}, {@code #difference},
 * {@code #predictions}, {@code #status}, {@code #message}, {@code #snapshot}, {@code #pause}, ...
 */
public final class ViewerWindow {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final LiveViewer viewer;
    private final ViewerModel model;
    private final Path outputDir;
    private final BorderPane root = new BorderPane();
    private final AtomicLong snapshots = new AtomicLong();
    private final SampleSource samples;
    /** The saliency overlay's opacity: the heat layer's opacity is bound to it. */
    private final Slider heatOpacity = new Slider(0, 1, PanelRenderer.DEFAULT_OPACITY);

    /** A window whose "Send sample" sends synthetic dogs. */
    public ViewerWindow(LiveViewer viewer, ViewerModel model, String saliency, Path outputDir) {
        this(viewer, model, saliency, outputDir,
                SampleSource.synthetic(viewer.analyzer().int8Model().folder().metadata().input().width()));
    }

    /**
     * @param outputDir where snapshots and recordings go (the working directory for the CLI)
     * @param samples what "Send sample" sends: a dataset's test images, or synthetic dogs
     */
    public ViewerWindow(LiveViewer viewer, ViewerModel model, String saliency, Path outputDir, SampleSource samples) {
        this.viewer = viewer;
        this.model = model;
        this.outputDir = outputDir;
        this.samples = samples;
        root.setTop(toolBar(saliency));
        root.setCenter(new ScrollPane(panels()));
        root.setBottom(statusBar());
        root.setStyle("-fx-background-color: white; -fx-font-family: 'DejaVu Sans', sans-serif;");
        model.setMessage("Send sample sends " + samples.describe());
    }

    public Parent root() {
        return root;
    }

    // ------------------------------------------------------------------ tool bar

    private Node toolBar(String saliency) {
        ToggleButton pause = new ToggleButton("Pause");
        pause.setId("pause");
        pause.selectedProperty().addListener((o, was, on) -> viewer.setPaused(on));
        Button step = button("step", "Step", "show the next frame, then stay paused", () -> {
            pause.setSelected(true);
            viewer.step();
        });

        boolean live = viewer.source().controllable();
        ComboBox<String> layer = new ComboBox<>();
        layer.setId("layer");
        layer.getItems().addAll(viewer.analyzer().layerNames());
        layer.getSelectionModel().select(0);
        TextField channels = new TextField("all");
        channels.setId("channels");
        channels.setPrefColumnCount(8);
        channels.setTooltip(new Tooltip("channels to stream: all, or a list such as 0,2,5"));
        Button apply = button("configure", "Stream", "CONFIG: stream this layer's channels", () -> {
            int index = layer.getSelectionModel().getSelectedIndex();
            try {
                viewer.configure(index, ChannelSelection.parse(channels.getText(), channelCount(index)));
            } catch (IllegalArgumentException e) {
                model.setMessage(e.getMessage());
            }
        });

        Button sendFile = button("sendImage", "Send image…", "SET_INPUT: run the board's model on an image file",
                this::sendFile);
        ComboBox<String> sampleLabel = new ComboBox<>();
        sampleLabel.setId("sampleLabel");
        sampleLabel.getItems().add(SampleSource.ANY);
        sampleLabel.getItems().addAll(samples.labels());
        sampleLabel.getSelectionModel().select(0);
        sampleLabel.setTooltip(new Tooltip("the class of the next sample, or any"));
        Button sendSample = button("sendSample", samples.isSynthetic() ? "Send synthetic sample" : "Send test image",
                "SET_INPUT: " + samples.describe(), () -> sendSample(sampleLabel.getValue()));
        for (Node n : List.of(layer, channels, apply, sendFile, sampleLabel, sendSample)) {
            n.setDisable(!live);
        }

        ComboBox<String> method = new ComboBox<>();
        method.setId("saliencyMethod");
        method.getItems().addAll(AttributionMethods.NAMES);
        method.getSelectionModel().select(saliency);
        method.valueProperty().addListener((o, was, now) -> viewer.setSaliencyMethod(now));
        Slider opacity = heatOpacity;
        opacity.setId("opacity");
        opacity.setPrefWidth(120);

        Button snapshot = button("snapshot", "Snapshot", "save the window as a PNG", () -> snapshot(null));
        ToggleButton record = new ToggleButton("Record");
        record.setId("record");
        record.setTooltip(new Tooltip("record the session to a .psrec file for pawscope view --replay"));
        record.selectedProperty().addListener((o, was, on) -> {
            if (on) {
                viewer.startRecording(outputDir.resolve("pawscope-" + LocalDateTime.now().format(STAMP) + ".psrec"));
            } else {
                viewer.stopRecording();
            }
        });
        record.setDisable(!live);

        HBox stream = row(pause, step, separator(), new Label("Layer"), layer, new Label("Channels"), channels, apply,
                separator(), record, snapshot);
        HBox inputs = row(new Label("Send"), sendFile, sampleLabel, sendSample, separator(), new Label("Saliency"),
                method, new Label("Opacity"), opacity);
        VBox bar = new VBox(6, stream, inputs);
        bar.setPadding(new Insets(8));
        bar.setStyle("-fx-background-color: #F3F4F6;");
        return bar;
    }

    // ------------------------------------------------------------------ panels

    private Node panels() {
        ImageView input = view("input");
        input.imageProperty().bind(model.frameProperty().map(RenderedFrame::input));
        // the saliency panel: the input in gray with title and colour bar, and the heat map over the
        // image part of it, its opacity following the slider
        ImageView saliencyPanel = view("saliencyPanel");
        saliencyPanel.imageProperty().bind(model.saliencyPanelProperty());
        ImageView heat = view("saliency");
        heat.imageProperty().bind(model.heatProperty());
        heat.opacityProperty().bind(heatOpacity.valueProperty());
        StackPane.setAlignment(heat, Pos.TOP_LEFT);
        StackPane.setMargin(heat, new Insets(PanelStyle.HEADER, 0, 0, PanelStyle.MARGIN));
        StackPane saliency = new StackPane(saliencyPanel, heat);
        saliency.setAlignment(Pos.TOP_LEFT);
        Tooltip.install(saliency, tooltipOf(model.saliencyTitleProperty()));

        ImageView predictionsPanel = view("predictions");
        predictionsPanel.imageProperty().bind(model.frameProperty().map(RenderedFrame::predictions));
        Label truth = new Label();
        truth.setId("sampleTruth");
        truth.setWrapText(true);
        truth.setMaxWidth(PanelRenderer.IMAGE_SIDE * 2);
        truth.textProperty().bind(model.sampleTruthProperty());
        VBox predictions = new VBox(2, predictionsPanel, truth);
        ImageView device = view("deviceMaps");
        device.imageProperty().bind(model.frameProperty().map(RenderedFrame::deviceMaps));
        ImageView twin = view("twinMaps");
        twin.imageProperty().bind(model.frameProperty().map(RenderedFrame::twinMaps));
        ImageView difference = view("difference");
        difference.imageProperty().bind(model.frameProperty().map(RenderedFrame::difference));
        ImageView checks = view("checks");
        checks.imageProperty().bind(model.frameProperty().map(RenderedFrame::checks));

        VBox column = new VBox(4, new HBox(4, input, saliency, predictions), new HBox(4, device, twin),
                new HBox(4, difference, checks));
        column.setPadding(new Insets(4));
        column.setStyle("-fx-background-color: white;");
        return column;
    }

    private static Tooltip tooltipOf(javafx.beans.value.ObservableValue<String> text) {
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(text);
        return tip;
    }

    private Node statusBar() {
        Label status = new Label();
        status.setId("status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        status.styleProperty().bind(model.modelHashMatchesProperty().map(ok -> ok ? "-fx-text-fill: #222222;"
                : "-fx-text-fill: #D55E00; -fx-font-weight: bold;"));
        Label message = new Label();
        message.setId("message");
        message.textProperty().bind(model.messageProperty());
        message.setStyle("-fx-text-fill: #0072B2;");
        VBox box = new VBox(2, status, message);
        box.setPadding(new Insets(6, 8, 6, 8));
        box.setStyle("-fx-background-color: #F3F4F6;");
        return box;
    }

    // ------------------------------------------------------------------ actions

    /**
     * Saves the window as it looks now to {@code file} (default: a numbered file in the output
     * folder). The scene is captured on the JavaFX thread; encoding and writing happen on the
     * viewer's request thread. Returns the file.
     */
    public Path snapshot(Path file) {
        Path target = file != null ? file : outputDir.resolve(String.format(Locale.ROOT,
                "pawscope-snapshot-%s-%d.png", LocalDateTime.now().format(STAMP), snapshots.incrementAndGet()));
        WritableImage image = root.snapshot(null, null);
        viewer.io(() -> {
            try {
                AtomicFiles.writePng(target, SwingFXUtils.fromFXImage(image, null));
                javafx.application.Platform.runLater(() -> model.setMessage("snapshot saved to " + target));
            } catch (IOException e) {
                javafx.application.Platform.runLater(() -> model.setMessage("cannot write " + target + ": "
                        + e.getMessage()));
            }
        });
        return target;
    }

    private void sendFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Send an image to the board");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg",
                "*.bmp", "*.gif"));
        Window owner = root.getScene() == null ? null : root.getScene().getWindow();
        File file = chooser.showOpenDialog(owner);
        if (file == null) {
            return;
        }
        int w = viewer.analyzer().int8Model().folder().metadata().input().width();
        int h = viewer.analyzer().int8Model().folder().metadata().input().height();
        viewer.io(() -> {
            try {
                GrayImage image = ImageResizer.coverAndCenterCrop(PngCodec.read(file.toPath()), w, h);
                viewer.sendImage(image, file.getName());
            } catch (IOException e) {
                javafx.application.Platform.runLater(() -> model.setMessage("cannot read " + file + ": "
                        + e.getMessage()));
            }
        });
    }

    /** SET_INPUT with the next sample of {@code label} (read or generated off the JavaFX thread). */
    void sendSample(String label) {
        viewer.io(() -> {
            try {
                viewer.sendSample(samples.next(label));
            } catch (RuntimeException e) {
                javafx.application.Platform.runLater(() -> model.setMessage(LiveViewer.describe(e)));
            }
        });
    }

    private int channelCount(int layerIndex) {
        var g = viewer.analyzer().int8Model().graph();
        var t = g.tensor(g.operators().get(layerIndex).output());
        return t.dim(t.rank() - 1);
    }

    private static HBox row(Node... nodes) {
        HBox row = new HBox(8, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Separator separator() {
        return new Separator(javafx.geometry.Orientation.VERTICAL);
    }

    private static ImageView view(String id) {
        ImageView v = new ImageView();
        v.setId(id);
        v.setPreserveRatio(true);
        return v;
    }

    private static Button button(String id, String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }
}
