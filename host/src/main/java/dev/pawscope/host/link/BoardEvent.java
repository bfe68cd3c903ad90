package dev.pawscope.host.link;

/**
 * What a {@link BoardLink} delivers to its user, in arrival order: assembled frames, the board's
 * log lines, its unsolicited errors, and unsolicited HELLOs (a board that rebooted). All are
 * immutable, so they may cross from the link's I/O thread to the UI thread as they are.
 */
public sealed interface BoardEvent permits DeviceFrame, Log, ErrorMessage, Hello {}
