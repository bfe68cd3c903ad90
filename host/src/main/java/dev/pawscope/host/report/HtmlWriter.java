package dev.pawscope.host.report;

import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;

/**
 * A small HTML5 builder that escapes everything it is given as text or attribute value, so a label,
 * a path or a command line can never break the page. Elements are opened and closed in order
 * ({@link #close()} checks the nesting); {@link #raw} exists only for this package's own constant
 * markup (the style sheet).
 */
final class HtmlWriter {

    private final StringBuilder out = new StringBuilder(1 << 16);
    private final Deque<String> open = new ArrayDeque<>();

    /** {@code s} with {@code & < > " '} replaced by character references; safe in text and in quoted attributes. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A {@code data:image/png;base64,...} URI: the image travels inside the page. */
    static String pngDataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /**
     * Opens {@code tag} with attributes given as name, value pairs (values escaped; a null value
     * leaves the attribute out).
     */
    HtmlWriter open(String tag, String... attributes) {
        startTag(tag, attributes);
        open.push(tag);
        return this;
    }

    /** Closes the innermost open element. */
    HtmlWriter close() {
        if (open.isEmpty()) {
            throw new IllegalStateException("no open element to close");
        }
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** An element with escaped text content. */
    HtmlWriter element(String tag, String text, String... attributes) {
        startTag(tag, attributes);
        out.append(escape(text)).append("</").append(tag).append('>');
        return this;
    }

    /** An element without content or end tag ({@code img}, {@code br}, {@code meta}). */
    HtmlWriter empty(String tag, String... attributes) {
        startTag(tag, attributes);
        return this;
    }

    HtmlWriter text(String text) {
        out.append(escape(text));
        return this;
    }

    /** Markup as is: only for constants of this package. */
    HtmlWriter raw(String markup) {
        out.append(markup);
        return this;
    }

    HtmlWriter newline() {
        out.append('\n');
        return this;
    }

    /** The document; every element must be closed. */
    String finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    private void startTag(String tag, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs, found " + attributes.length
                    + " strings");
        }
        out.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
        out.append('>');
    }
}
