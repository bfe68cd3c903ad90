package dev.pawscope.host.link.discovery;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A USB vendor and product id, written {@code vvvv:pppp} in lower-case hex as in board.json. */
public record UsbId(int vendorId, int productId) {

    private static final Pattern TEXT = Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{4})");

    public UsbId {
        if (vendorId < 0 || vendorId > 0xFFFF || productId < 0 || productId > 0xFFFF) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "USB ids are 16-bit, found vendor %d and product %d", vendorId, productId));
        }
    }

    /** {@code "2341:805a"}; anything else is refused, saying the expected form. */
    public static UsbId parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a USB id as VID:PID in hex (e.g. 2341:805a), found '"
                    + text + "'");
        }
        return new UsbId(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04x:%04x", vendorId, productId);
    }
}
