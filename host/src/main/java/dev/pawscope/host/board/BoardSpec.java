package dev.pawscope.host.board;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A board's {@code boards/<id>/board.json}: what it is and the limits a model must fit.
 *
 * @param usb VID:PID pairs in lower-case hex, e.g. {@code 2341:805a}
 * @param baud 0 where the link has no baud rate (USB CDC, a pseudo-terminal)
 * @param usbBootloader the VID:PIDs of {@code usb} that the board shows while its bootloader
 *     runs (e.g. after the 1200-baud touch before an upload); the others are the application's.
 *     Optional in board.json ({@code usb_bootloader}), empty when absent.
 */
public record BoardSpec(String id, String name, String mcu, long clockHz, long flashBytes, long ramBytes,
        boolean emulated, List<String> usb, int baud, String camera, String notes, List<String> usbBootloader) {

    public static final String FILE_NAME = "board.json";

    public BoardSpec {
        usb = usb == null ? List.of() : List.copyOf(usb);
        usbBootloader = usbBootloader == null ? List.of() : List.copyOf(usbBootloader);
        if (!usb.containsAll(usbBootloader)) {
            throw new IllegalArgumentException("board " + id + ": usb_bootloader " + usbBootloader
                    + " must be among its usb ids " + usb);
        }
    }

    /** Whether {@code vidPid} (lower-case {@code vvvv:pppp}) is one of this board's. */
    public boolean hasUsbId(String vidPid) {
        return usb.contains(vidPid);
    }

    /** Whether {@code vidPid} is this board's bootloader rather than its application. */
    public boolean isBootloaderUsbId(String vidPid) {
        return usbBootloader.contains(vidPid);
    }

    /** The board {@code id} of the checkout at {@code home}; an unknown id lists the known ones. */
    public static BoardSpec load(Path home, String id) {
        Path file = home.resolve("boards").resolve(id).resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw PawscopeException.badInput("unknown board '" + id + "'", "known boards: " + String.join(", ", ids(home)));
        }
        try {
            return Json.mapper().readValue(file.toFile(), BoardSpec.class);
        } catch (IOException e) {
            throw PawscopeException.badInput("cannot read " + file + ": " + e.getMessage(),
                    "restore it from the repository");
        }
    }

    /** The ids of every board folder with a board.json. */
    public static List<String> ids(Path home) {
        try (Stream<Path> dirs = Files.list(home.resolve("boards"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(FILE_NAME))).map(d -> d.getFileName().toString())
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
