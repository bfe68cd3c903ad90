package dev.pawscope.host.link;

/** LOG.level ({@code PS_PROTO_LOG_*}), in syslog order: lower is more severe. */
public enum LogLevel {
    ERROR(1),
    WARNING(2),
    INFO(3),
    DEBUG(4);

    private final int code;

    LogLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static LogLevel of(int code) {
        for (LogLevel l : values()) {
            if (l.code == code) {
                return l;
            }
        }
        throw new IllegalArgumentException("log level " + code + " is unknown, expected 1..4");
    }
}
