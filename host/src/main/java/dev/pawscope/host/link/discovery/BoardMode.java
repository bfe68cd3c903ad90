package dev.pawscope.host.link.discovery;

/** What a connected board runs, as far as its USB id tells. */
public enum BoardMode {
    /** The sketch (our firmware, or whatever was flashed last). */
    APPLICATION,
    /** The bootloader, waiting for an upload. */
    BOOTLOADER,
    /**
     * A serial bridge (CP210x, CH340): its id is the same whatever the chip behind it runs, and
     * the ESP32's ROM bootloader is entered with GPIO0, which USB does not show.
     */
    BEHIND_BRIDGE,
    /** No board.json matches this id. */
    UNKNOWN;

    public String label() {
        return switch (this) {
            case APPLICATION -> "application";
            case BOOTLOADER -> "bootloader";
            case BEHIND_BRIDGE -> "serial bridge (mode not visible)";
            case UNKNOWN -> "-";
        };
    }
}
