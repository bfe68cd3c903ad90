/**
 * The live viewer: what the board's int8 model sees, next to its float twin.
 *
 * <ul>
 *   <li>sources: {@link dev.pawscope.host.view.FrameSource}, a live
 *       {@link dev.pawscope.host.view.BoardSession} (a started sim or a serial port; handshake and
 *       model-hash check) or a {@link dev.pawscope.host.view.ReplaySource} of a
 *       {@link dev.pawscope.host.view.SessionRecording};
 *   <li>analysis: {@link dev.pawscope.host.view.FrameAnalyzer} turns each immutable
 *       {@code DeviceFrame} into a {@link dev.pawscope.host.view.FrameAnalysis} (the emulator check,
 *       the float twin's maps, cosine and SQNR per channel, both predictions);
 *   <li>drawing: {@link dev.pawscope.host.view.PanelRenderer} (Java2D, headless) draws every panel;
 *       {@link dev.pawscope.host.view.HeadlessView} writes them as PNGs with {@code metrics.json};
 *   <li>window: {@link dev.pawscope.host.view.LiveViewer} (frame, saliency and request threads) feeds
 *       the read-only {@link dev.pawscope.host.view.ViewerModel} that
 *       {@link dev.pawscope.host.view.ViewerWindow} shows; the JavaFX thread does no I/O and no
 *       analysis. {@link dev.pawscope.host.view.ViewerLauncher} opens it from the command line.
 * </ul>
 */
package dev.pawscope.host.view;
