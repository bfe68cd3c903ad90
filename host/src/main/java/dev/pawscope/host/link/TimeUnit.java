package dev.pawscope.host.link;

/** FRAME.time_unit: what FRAME.inference_time counts ({@code PS_PROTO_TIME_*}). */
public enum TimeUnit {
    /** Not measured; inference_time is 0. */
    NONE(0),
    MICROSECONDS(1),
    /** CPU clock cycles (e.g. the DWT cycle counter). */
    CYCLES(2),
    /** Retired instructions (e.g. QEMU -icount). */
    INSTRUCTIONS(3);

    private final int code;

    TimeUnit(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static TimeUnit of(int code) {
        for (TimeUnit u : values()) {
            if (u.code == code) {
                return u;
            }
        }
        throw new IllegalArgumentException("time unit " + code + " is unknown, expected 0..3");
    }
}
