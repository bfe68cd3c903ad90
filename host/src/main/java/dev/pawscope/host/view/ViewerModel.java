package dev.pawscope.host.view;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;

/**
 * What the viewer window shows, as read-only JavaFX properties. The {@link LiveViewer}'s
 * threads post updates with {@link Platform#runLater}; the setters run on the JavaFX thread only.
 */
public final class ViewerModel {

    private final ReadOnlyObjectWrapper<RenderedFrame> frame = new ReadOnlyObjectWrapper<>(this, "frame");
    private final ReadOnlyObjectWrapper<Image> saliencyPanel = new ReadOnlyObjectWrapper<>(this, "saliencyPanel");
    private final ReadOnlyObjectWrapper<Image> heat = new ReadOnlyObjectWrapper<>(this, "heat");
    private final ReadOnlyStringWrapper saliencyTitle = new ReadOnlyStringWrapper(this, "saliencyTitle", "Saliency");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "connecting...");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper modelHashMatches = new ReadOnlyBooleanWrapper(this, "modelHashMatches");
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper(this, "recording");
    private final ReadOnlyStringWrapper sampleTruth = new ReadOnlyStringWrapper(this, "sampleTruth", "");
    private final ReadOnlyLongWrapper framesShown = new ReadOnlyLongWrapper(this, "framesShown");

    /** The newest frame shown, with its panels. */
    public ReadOnlyObjectProperty<RenderedFrame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    /** The saliency panel without its heat: the input in gray, the title and the colour bar. */
    public ReadOnlyObjectProperty<Image> saliencyPanelProperty() {
        return saliencyPanel.getReadOnlyProperty();
    }

    /** The saliency heat image over the input (its alpha is the importance), or null. */
    public ReadOnlyObjectProperty<Image> heatProperty() {
        return heat.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty saliencyTitleProperty() {
        return saliencyTitle.getReadOnlyProperty();
    }

    /** Board, port, protocol, model hash, inference time, rates and losses, in one line. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last notice or error for the user (a refused CONFIG, a snapshot written). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The last sent sample's true label beside what the board predicted for it; empty before one. */
    public ReadOnlyStringProperty sampleTruthProperty() {
        return sampleTruth.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty modelHashMatchesProperty() {
        return modelHashMatches.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty recordingProperty() {
        return recording.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty framesShownProperty() {
        return framesShown.getReadOnlyProperty();
    }

    // ------------------------------------------------------------------ JavaFX thread only

    void show(RenderedFrame f) {
        checkThread();
        frame.set(f);
        framesShown.set(framesShown.get() + 1);
    }

    void showSaliency(Image panel, Image image, String title) {
        checkThread();
        saliencyPanel.set(panel);
        heat.set(image);
        saliencyTitle.set(title);
    }

    void setStatus(String text) {
        checkThread();
        status.set(text);
    }

    void setMessage(String text) {
        checkThread();
        message.set(text);
    }

    void setSampleTruth(String text) {
        checkThread();
        sampleTruth.set(text);
    }

    void setModelHashMatches(boolean matches) {
        checkThread();
        modelHashMatches.set(matches);
    }

    void setRecording(boolean on) {
        checkThread();
        recording.set(on);
    }

    private static void checkThread() {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("the viewer model changes on the JavaFX thread only");
        }
    }
}
