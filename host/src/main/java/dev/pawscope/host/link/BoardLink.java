package dev.pawscope.host.link;

import dev.pawscope.host.cli.ExitCode;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.GrayImage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live connection to a board running the pawscope firmware. Serial input is read on the link's
 * own thread, which decodes packets, assembles {@link DeviceFrame}s, acknowledges each FRAME
 * (FRAME_ACK, so the board's credit window keeps the stream flowing) and queues
 * {@link BoardEvent}s; the UI thread takes them with {@link #pollEvent()} and never does I/O.
 * Requests ({@link #handshake}, {@link #configure}, {@link #setInput}, {@link #ping}) block the
 * calling thread until the board replies or the reply timeout passes.
 *
 * <pre>
 * try (BoardLink link = BoardLink.open(new JSerialCommTransport("/dev/ttyACM0"))) {
 *     Hello hello = link.handshake(Duration.ofSeconds(3));
 *     link.configure(0, hello.layer().allChannelsMask(), 1, 4, false, true);
 *     BoardEvent event = link.nextEvent(Duration.ofSeconds(1));
 * }
 * </pre>
 *
 * <p>FRAMEs are acknowledged as they arrive, so a slow UI does not pause the board: when the
 * queue is full the oldest events are dropped (counted in {@link LinkStats#eventsDropped()}).
 * {@link #setAutoAck(boolean) setAutoAck(false)} hands acknowledging to the caller instead. The
 * FRAME answering {@link #setInput} is returned and queued as an event too. An unsolicited
 * {@link Hello} event means the board rebooted and is back to its boot configuration: configure
 * it again.
 *
 * <p>When the port fails (cable pulled, board reset with a new USB device) the link stops, pending
 * and later requests throw, and {@link #failure()} says why; {@link ReconnectingLink} opens a new
 * link to the same board.
 */
public final class BoardLink implements AutoCloseable {

    public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(3);
    /** Events held for the user; beyond this the oldest are dropped (and counted). */
    public static final int EVENT_CAPACITY = 256;
    /** How often {@link #handshake} repeats HELLO_REQUEST (a board may still be booting). */
    static final Duration HELLO_RETRY = Duration.ofMillis(500);

    private final SerialTransport transport;
    private final Duration replyTimeout;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile IOException failure;

    /** The spec's rule: at most one request outstanding. */
    private final Object requestLock = new Object();
    private final Object writeLock = new Object();
    private int nextSeq; // guarded by writeLock; 0 for the first packet after opening the port
    private final Map<Integer, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();

    // Owned by the reader thread.
    private final PacketDecoder decoder = new PacketDecoder();
    private final FrameAssembler assembler = new FrameAssembler();

    private final BlockingQueue<BoardEvent> events = new ArrayBlockingQueue<>(EVENT_CAPACITY);
    private volatile boolean autoAck = true;
    private volatile Hello hello;
    private volatile DecoderStats decoderStats = decoder.stats();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong framesIncomplete = new AtomicLong();
    private final AtomicLong malformedPackets = new AtomicLong();
    private final AtomicLong ignoredPackets = new AtomicLong();
    private final AtomicLong eventsDropped = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong lastFrameNumber = new AtomicLong();
    /** Times the board's packet numbers started again: it rebooted behind an open port. */
    private final AtomicLong seqRestarts = new AtomicLong();
    private int lastBoardSeq = -1; // reader thread only
    private volatile long partsDiscarded;
    private final RateMeter frameRate = new RateMeter();
    private final RateMeter byteRate = new RateMeter();
    private final AtomicLong pingToken = new AtomicLong(System.nanoTime() & 0xFFFF_FFFFL);

    private BoardLink(SerialTransport transport, Duration replyTimeout) {
        this.transport = transport;
        this.replyTimeout = replyTimeout;
        this.reader = new Thread(this::readLoop, "board-link " + transport.name());
        this.reader.setDaemon(true);
    }

    /**
     * Opens {@code transport} (unless open), sends a delimiter so the board's decoder starts
     * afresh, and starts reading; call {@link #handshake} next.
     */
    public static BoardLink open(SerialTransport transport, Duration replyTimeout) {
        try {
            transport.open();
            transport.write(new byte[] {Protocol.DELIMITER});
        } catch (IOException e) {
            transport.close();
            throw PawscopeException.io(e.getMessage(), "check that the board is plugged in and the port is right", e);
        }
        BoardLink link = new BoardLink(transport, replyTimeout);
        link.reader.start();
        return link;
    }

    public static BoardLink open(SerialTransport transport) {
        return open(transport, DEFAULT_REPLY_TIMEOUT);
    }

    // ------------------------------------------------------------------ requests

    /**
     * HELLO_REQUEST until the board answers with HELLO (repeated every half second: a board may
     * still be booting), then checks the board speaks this protocol major.
     */
    public Hello handshake(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempts = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                DecoderStats d = decoderStats;
                throw PawscopeException.io("no HELLO from " + transport.name() + " within " + timeout.toMillis()
                        + " ms (" + attempts + " HELLO_REQUESTs sent; " + bytesReceived.get() + " bytes received, "
                        + d.packets() + " valid packets, " + d.dropped() + " corrupt)",
                        bytesReceived.get() == 0
                                ? "is the pawscope firmware running on the board, and is this its port?"
                                : "bytes arrive but no HELLO: check the baud rate, or flash the pawscope firmware",
                        null);
            }
            attempts++;
            Object reply = send(HelloRequest.current(), Duration.ofNanos(Math.min(left, HELLO_RETRY.toNanos())));
            if (reply == null) {
                continue;
            }
            Hello h = expect(MessageType.HELLO_REQUEST, reply, Hello.class);
            if (h.protocolMajor() != Protocol.VERSION_MAJOR) {
                throw PawscopeException.badInput("the board speaks protocol " + h.protocolMajor() + "."
                        + h.protocolMinor() + ", expected major " + Protocol.VERSION_MAJOR,
                        "update pawscope or the board's firmware so both speak the same protocol major");
            }
            if (h.rxPayloadMax() < Protocol.MIN_RX_PAYLOAD || h.rxPayloadMax() > Protocol.MAX_PAYLOAD) {
                throw PawscopeException.badInput("the board declares rx_payload_max " + h.rxPayloadMax()
                        + ", expected " + Protocol.MIN_RX_PAYLOAD + ".." + Protocol.MAX_PAYLOAD,
                        "the firmware's HELLO is wrong; report it");
            }
            return h;
        }
    }

    /**
     * CONFIG: what to stream. The board checks the arguments; a refusal throws with its ERROR.
     *
     * @param layer whose output to stream (op index, execution order)
     * @param channelMask bit c streams channel c; 0 streams scores only
     * @param decimation stream every Nth camera inference, N >= 1
     * @param window FRAMEs the board may send ahead of FRAME_ACK; 0 pauses the stream
     * @param sendInput also send each frame's input image
     * @param rle let the board send maps RLE-compressed
     */
    public ConfigAck configure(int layer, long channelMask, int decimation, int window, boolean sendInput,
            boolean rle) {
        Config config = new Config(layer, decimation, window, sendInput ? Protocol.OPTION_SEND_INPUT : 0,
                rle ? MapEncoding.RLE : MapEncoding.RAW, channelMask);
        return request(config, ConfigAck.class);
    }

    /**
     * CONFIG as given, for options {@link #configure(int, long, int, int, boolean, boolean)} does not
     * set (e.g. {@link Protocol#OPTION_LAYER_TIMES}). The board checks it; a refusal throws with its
     * ERROR (a board without an option refuses it as BAD_ENCODING).
     */
    public ConfigAck configure(Config config) {
        return request(config, ConfigAck.class);
    }

    /**
     * SET_INPUT: runs the model on {@code image} (grayscale, the model input's size), sent in chunks
     * of whole rows that fit the board's rx_payload_max, and returns the frame the board answers
     * with (it is queued as an event too).
     */
    public DeviceFrame setInput(GrayImage image) {
        Hello h = requireHello();
        if (image.width() != h.inputWidth() || image.height() != h.inputHeight() || h.inputChannels() != 1) {
            throw new IllegalArgumentException("the model input is " + h.inputHeight() + "x" + h.inputWidth() + "x"
                    + h.inputChannels() + " (HxWxC), found a " + image.height() + "x" + image.width()
                    + " gray image; resize it to the model input first");
        }
        int width = image.width();
        int height = image.height();
        int perPacket = Protocol.setInputRowsPerPacket(width, 1, h.rxPayloadMax());
        if (perPacket < 1) {
            throw new IllegalArgumentException("one row of " + width + " pixels does not fit the board's "
                    + h.rxPayloadMax() + "-byte payloads");
        }
        byte[] pixels = image.pixels();
        synchronized (requestLock) { // one image at a time: chunks of two would interleave
            for (int row0 = 0; ; row0 += perPacket) {
                int rows = Math.min(perPacket, height - row0);
                ImageChunk chunk = new ImageChunk(PixelFormat.GRAY8, 1, height, width, row0, rows,
                        Arrays.copyOfRange(pixels, row0 * width, (row0 + rows) * width));
                if (row0 + rows == height) {
                    return request(new SetInput(chunk), DeviceFrame.class);
                }
                InputAck ack = request(new SetInput(chunk), InputAck.class);
                if (ack.rowsReceived() != row0 + rows) {
                    throw PawscopeException.io("the board has " + ack.rowsReceived() + " rows of the image, expected "
                            + (row0 + rows), "send the image again", null);
                }
            }
        }
    }

    /** PING: checks the link; PONG also tells the board's uptime and its dropped-packet counters. */
    public Pong ping() {
        long token = pingToken.incrementAndGet() & 0xFFFF_FFFFL;
        Pong pong = request(new Ping(token), Pong.class);
        if (pong.token() != token) {
            throw PawscopeException.io("PONG echoed token " + pong.token() + ", expected " + token,
                    "the board's firmware answers the wrong PING; report it", null);
        }
        return pong;
    }

    // ------------------------------------------------------------------ stream

    /** The next event, waiting up to {@code timeout}; null if none came. */
    public BoardEvent nextEvent(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The next event if one is waiting, else null (for a UI timer). */
    public BoardEvent pollEvent() {
        return events.poll();
    }

    /**
     * Whether the link acknowledges every FRAME as it arrives (the default). Without acks the
     * board stops streaming once CONFIG.window frames are unacknowledged; {@link #ack} resumes it.
     */
    public void setAutoAck(boolean on) {
        autoAck = on;
    }

    /** FRAME_ACK: every FRAME up to {@code frameNumber} is consumed. */
    public void ack(long frameNumber) {
        sendUnsolicited(new FrameAck(frameNumber));
    }

    /** The newest frame number received, 0 before the first. */
    public long lastFrameNumber() {
        return lastFrameNumber.get();
    }

    /** The board's HELLO, once {@link #handshake} has run (or the board sent one unasked); else null. */
    public Hello hello() {
        return hello;
    }

    /**
     * How often the board's packet sequence numbers started again since the link opened: a board
     * that reset while the port stayed open (a reset button behind a USB-UART bridge, a watchdog).
     */
    public long boardRestarts() {
        return seqRestarts.get();
    }

    /** Why the link stopped on its own (the port failed or vanished); empty while it runs or once closed. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    public LinkStats stats() {
        return new LinkStats(framesReceived.get(), framesIncomplete.get(), partsDiscarded, malformedPackets.get(),
                ignoredPackets.get(), eventsDropped.get(), bytesReceived.get(), frameRate.perSecond(),
                byteRate.perSecond(), decoderStats);
    }

    /** Stops the reader and closes the transport; pending requests fail. */
    @Override
    public void close() {
        running = false;
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        failPending(new IOException("the link to " + transport.name() + " was closed"));
    }

    // ------------------------------------------------------------------ sending

    private <T> T request(Message message, Class<T> replyType) {
        Object reply = send(message, replyTimeout);
        if (reply == null) {
            throw PawscopeException.io("no reply to " + message.type() + " from " + transport.name() + " within "
                    + replyTimeout.toMillis() + " ms", "is the board still running? PING it, or reconnect", null);
        }
        return expect(message.type(), reply, replyType);
    }

    private static <T> T expect(MessageType request, Object reply, Class<T> replyType) {
        if (reply instanceof ErrorMessage error) {
            throw PawscopeException.badInput("the board refused " + request + ": " + error.describe(),
                    error.errorCode().orElse(null) == ErrorCode.VERSION
                            ? "update pawscope or the board's firmware so both speak the same protocol major"
                            : "the ERROR codes are listed in firmware/PROTOCOL.md, \"Errors and logs\"");
        }
        if (!replyType.isInstance(reply)) {
            throw PawscopeException.io("the board answered " + request + " with " + reply.getClass().getSimpleName()
                    + ", expected " + replyType.getSimpleName(), "the firmware breaks the protocol; report it", null);
        }
        return replyType.cast(reply);
    }

    /**
     * Sends a request and waits for its reply (a Message, or a DeviceFrame for SET_INPUT); null
     * after {@code timeout}. Requests from several threads take turns.
     */
    private Object send(Message message, Duration timeout) {
        synchronized (requestLock) {
            CompletableFuture<Object> reply = new CompletableFuture<>();
            int seq;
            synchronized (writeLock) {
                seq = nextSeq();
                pending.put(seq, reply);
                try {
                    write(Packet.of(message, seq));
                } catch (RuntimeException e) {
                    pending.remove(seq);
                    throw e;
                }
            }
            try {
                return reply.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (ExecutionException e) {
                throw failed(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PawscopeException(ExitCode.INTERRUPTED, "interrupted while waiting for the reply to "
                        + message.type(), "", e);
            } finally {
                pending.remove(seq);
            }
        }
    }

    private void sendUnsolicited(Message message) {
        synchronized (writeLock) {
            write(Packet.of(message, nextSeq()));
        }
    }

    private int nextSeq() {
        int seq = nextSeq;
        nextSeq = (nextSeq + 1) & 0xFFFF;
        return seq;
    }

    /** Writes under writeLock. */
    private void write(Packet packet) {
        IOException failed = failure;
        if (failed != null || !running) {
            throw failed(failed != null ? failed : new IOException("the link is closed"));
        }
        try {
            transport.write(packet.toWire());
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private PawscopeException failed(Throwable cause) {
        return PawscopeException.io("the link to " + transport.name() + " failed: " + cause.getMessage(),
                "check the cable and that the board is running, then connect again", cause);
    }

    private Hello requireHello() {
        Hello h = hello;
        if (h == null) {
            throw new IllegalStateException("no HELLO from the board yet: call handshake() first");
        }
        return h;
    }

    // ------------------------------------------------------------------ receiving (reader thread)

    private void readLoop() {
        byte[] buffer = new byte[4096];
        try {
            while (running) {
                int n = transport.read(buffer, 0, buffer.length);
                if (n > 0) {
                    bytesReceived.addAndGet(n);
                    byteRate.add(n);
                    for (Packet packet : decoder.feed(buffer, 0, n)) {
                        handle(packet);
                    }
                    decoderStats = decoder.stats();
                }
            }
        } catch (IOException e) {
            if (running) {
                failure = e;
                running = false;
                failPending(e);
            }
        } catch (RuntimeException e) {
            // a failed FRAME_ACK write, or a bug: stop cleanly rather than die silently
            failure = new IOException(e.getMessage(), e);
            running = false;
            failPending(e);
        }
    }

    private void handle(Packet packet) {
        noteSeq(packet.seq());
        if (packet.messageType().filter(MessageType::fromBoard).isEmpty()) {
            ignoredPackets.incrementAndGet(); // a type of a later version, a vendor experiment, or an echo
            return;
        }
        Message message;
        try {
            message = packet.message();
        } catch (ProtocolException e) {
            malformedPackets.incrementAndGet();
            return;
        }
        if (message instanceof MapChunk map) {
            assembler.accept(map);
        } else if (message instanceof Image image) {
            assembler.accept(image);
        } else if (message instanceof Frame frame) {
            onFrame(packet, frame);
        } else if (message instanceof Hello h) {
            assembler.learn(h.layer());
            hello = h;
            if (packet.isReply()) {
                complete(packet, h);
            } else {
                publish(h); // unsolicited: the board rebooted, its configuration is the boot default
            }
        } else if (message instanceof ConfigAck ack) {
            assembler.learn(ack.layer());
            complete(packet, ack);
        } else if (message instanceof ErrorMessage error) {
            if (!complete(packet, error)) {
                publish(error);
            }
        } else if (message instanceof Log log) {
            publish(log);
        } else {
            complete(packet, message); // PONG, INPUT_ACK
        }
    }

    /**
     * The board numbers its packets from 0 after boot; a step back that is not the 16-bit wrap
     * means it restarted (lost packets only ever step forward).
     */
    private void noteSeq(int seq) {
        int last = lastBoardSeq;
        lastBoardSeq = seq;
        if (last >= 0 && seq < last && last - seq < 0x8000) {
            seqRestarts.incrementAndGet();
        }
    }

    private void onFrame(Packet packet, Frame frame) {
        DeviceFrame assembled = assembler.finish(frame, packet.isReply());
        partsDiscarded = assembler.partsDiscarded();
        framesReceived.incrementAndGet();
        if (!assembled.complete()) {
            framesIncomplete.incrementAndGet();
        }
        frameRate.add(1);
        lastFrameNumber.set(frame.frameNumber());
        if (autoAck) {
            ack(frame.frameNumber());
        }
        complete(packet, assembled);
        publish(assembled);
    }

    /** Hands a reply to the request waiting for it; false if the packet answers none (or none waits). */
    private boolean complete(Packet packet, Object reply) {
        if (!packet.isReply()) {
            return false;
        }
        CompletableFuture<Object> waiting = pending.get(packet.refSeq());
        return waiting != null && waiting.complete(reply);
    }

    private void publish(BoardEvent event) {
        while (!events.offer(event)) {
            if (events.poll() != null) {
                eventsDropped.incrementAndGet();
            }
        }
    }

    private void failPending(Throwable cause) {
        pending.values().forEach(f -> f.completeExceptionally(cause));
    }
}
