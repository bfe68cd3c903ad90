package dev.pawscope.host.view;

/** The channels text a user types ({@code all}, or {@code 0,2,5}, or {@code 0-3}) as a CONFIG channel mask. */
public final class ChannelSelection {

    private ChannelSelection() {}

    /**
     * @throws IllegalArgumentException with what was expected, for text that names no channel or
     *     channels beyond the layer's {@code channels} (at most 64 can stream)
     */
    public static long parse(String text, int channels) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        int streamable = Math.min(channels, 64);
        if (t.equals("all") || t.isEmpty()) {
            return streamable >= 64 ? -1L : (1L << streamable) - 1;
        }
        long mask = 0;
        for (String part : t.split("[,\\s]+")) {
            String[] range = part.split("-", 2);
            try {
                int from = Integer.parseInt(range[0].trim());
                int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
                if (from < 0 || to < from || to >= streamable) {
                    throw new IllegalArgumentException("channels '" + part + "' are outside 0.." + (streamable - 1)
                            + " (the layer has " + channels + " channels)");
                }
                for (int c = from; c <= to; c++) {
                    mask |= 1L << c;
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected channels as all, 0,2,5 or 0-3, found '" + text + "'");
            }
        }
        return mask;
    }
}
