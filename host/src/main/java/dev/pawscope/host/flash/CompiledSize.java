package dev.pawscope.host.flash;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flash and RAM a compiled sketch uses, as arduino-cli or PlatformIO reports it after
 * building, checked against the board's limits before anything is uploaded.
 *
 * @param tool which report it came from
 */
public record CompiledSize(long flashBytes, long ramBytes, String tool) {

    /** arduino-cli: "Sketch uses 70612 bytes (7%) of program storage space. Maximum is 983040 bytes." */
    private static final Pattern ARDUINO_FLASH = Pattern.compile("Sketch uses (\\d+) bytes");
    /** arduino-cli: "Global variables use 44472 bytes (16%) of dynamic memory, leaving ...". */
    private static final Pattern ARDUINO_RAM = Pattern.compile("Global variables use (\\d+) bytes");
    /** PlatformIO: "Flash: [=         ]   7.2% (used 70612 bytes from 983040 bytes)". */
    private static final Pattern PIO_FLASH = Pattern.compile("Flash:.*\\(used (\\d+) bytes");
    /** PlatformIO: "RAM:   [==        ]  17.0% (used 44472 bytes from 262144 bytes)". */
    private static final Pattern PIO_RAM = Pattern.compile("RAM:.*\\(used (\\d+) bytes");

    /** The sizes in a build's output, or empty if it reports none. */
    public static Optional<CompiledSize> find(String output, FlashTool tool) {
        Pattern flash = tool == FlashTool.ARDUINO_CLI ? ARDUINO_FLASH : PIO_FLASH;
        Pattern ram = tool == FlashTool.ARDUINO_CLI ? ARDUINO_RAM : PIO_RAM;
        Matcher f = flash.matcher(output);
        Matcher r = ram.matcher(output);
        if (!f.find() || !r.find()) {
            return Optional.empty();
        }
        return Optional.of(new CompiledSize(Long.parseLong(f.group(1)), Long.parseLong(r.group(1)), tool.program()));
    }

    public boolean fits(long flashLimit, long ramLimit) {
        return flashBytes <= flashLimit && ramBytes <= ramLimit;
    }

    public String describe(long flashLimit, long ramLimit) {
        return String.format(Locale.ROOT, "%s reports flash %,d of %,d B (%.1f%%), static RAM %,d of %,d B (%.1f%%)",
                tool, flashBytes, flashLimit, 100.0 * flashBytes / flashLimit, ramBytes, ramLimit,
                100.0 * ramBytes / ramLimit);
    }
}
