package dev.pawscope.host.dataset;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The three splits of a dataset. A sample's split is a function of its pixels only (a content
 * hash), so the same image lands in the same split on every machine and across re-imports,
 * and exact duplicates can never straddle train and test.
 */
public enum Split {
    TRAIN, VAL, TEST;

    /** Percent of content-hash buckets that go to train and to val; the rest is test. */
    static final int TRAIN_PERCENT = 80;
    static final int VAL_PERCENT = 10;

    /** The split for a sample whose pixel SHA-256 is {@code sha256} (at least 4 bytes used). */
    public static Split ofContentHash(byte[] sha256) {
        long bucket = Integer.toUnsignedLong(((sha256[0] & 0xFF) << 24) | ((sha256[1] & 0xFF) << 16)
                | ((sha256[2] & 0xFF) << 8) | (sha256[3] & 0xFF)) % 100;
        if (bucket < TRAIN_PERCENT) {
            return TRAIN;
        }
        return bucket < TRAIN_PERCENT + VAL_PERCENT ? VAL : TEST;
    }

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Split fromJson(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
