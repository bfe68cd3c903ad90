/*
 * test_protocol_flow.c - the board's flow control: the bounded TX queue and the credit
 * window (ps_protocol_flow.h), alone and together in a simulated board whose host reads
 * slowly, stops reading, and comes back.
 *
 * Usage: test_protocol_flow
 */
#include <string.h>

#include "ps_protocol.h"
#include "ps_protocol_flow.h"
#include "ps_test.h"

#define EXPECT_EQ(what, expected, actual) PS_EXPECT_EQ_I32((what), (int32_t)(expected), (int32_t)(actual))

/* ---------------------------------------------------------------- TX queue */

static void test_queue_refuses_a_buffer_smaller_than_reserve_plus_one_packet(void)
{
    static uint8_t buffer[PS_PROTO_TXQ_MIN_CAPACITY];
    ps_proto_txq queue;
    EXPECT_EQ("one byte short", PS_PROTO_E_ARGUMENT,
              ps_proto_txq_init(&queue, buffer, PS_PROTO_TXQ_MIN_CAPACITY - 1u));
    EXPECT_EQ("NULL buffer", PS_PROTO_E_ARGUMENT, ps_proto_txq_init(&queue, NULL, sizeof buffer));
    EXPECT_EQ("minimum", PS_PROTO_OK, ps_proto_txq_init(&queue, buffer, sizeof buffer));
    EXPECT_EQ("empty", 0, ps_proto_txq_pending(&queue));
    PS_EXPECT_TRUE("an empty queue takes requests", ps_proto_txq_can_take_request(&queue));
    EXPECT_EQ("stream room of an empty queue", PS_PROTO_MAX_WIRE_SIZE,
              ps_proto_txq_stream_room(&queue));
}

static void test_queue_keeps_byte_order_across_the_wrap(void)
{
    static uint8_t buffer[PS_PROTO_TXQ_MIN_CAPACITY + 100];
    static uint8_t sent[20000];
    static uint8_t received[20000];
    uint8_t packet[300];
    ps_proto_txq queue;
    size_t sent_length = 0;
    size_t received_length = 0;
    uint32_t state = 7;
    int round;
    ps_proto_txq_init(&queue, buffer, sizeof buffer);
    for (round = 0; round < 200; round++) {
        const size_t length = 1 + (size_t)(round * 37 % 299);
        size_t i;
        const uint8_t *bytes;
        size_t run;
        for (i = 0; i < length; i++) {
            state = state * 1103515245u + 12345u;
            packet[i] = (uint8_t)(state >> 24);
        }
        if (ps_proto_txq_push(&queue, packet, length, PS_PROTO_PRIORITY_STREAM) == PS_PROTO_OK) {
            memcpy(sent + sent_length, packet, length);
            sent_length += length;
        }
        /* Drain a little, one contiguous run at a time. */
        run = ps_proto_txq_peek(&queue, &bytes);
        if (run > 97) {
            run = 97;
        }
        memcpy(received + received_length, bytes, run);
        received_length += run;
        ps_proto_txq_consume(&queue, run);
    }
    while (ps_proto_txq_pending(&queue) > 0) {
        const uint8_t *bytes;
        const size_t run = ps_proto_txq_peek(&queue, &bytes);
        memcpy(received + received_length, bytes, run);
        received_length += run;
        ps_proto_txq_consume(&queue, run);
    }
    EXPECT_EQ("every queued byte comes out", sent_length, received_length);
    PS_EXPECT_TRUE("in order", memcmp(sent, received, sent_length) == 0);
    PS_EXPECT_TRUE("the queue wrapped", sent_length > sizeof buffer);
}

static void test_stream_packets_are_refused_whole_but_replies_use_the_reserve(void)
{
    static uint8_t buffer[PS_PROTO_TXQ_MIN_CAPACITY];
    static uint8_t packet[PS_PROTO_MAX_WIRE_SIZE];
    ps_proto_txq queue;
    ps_proto_txq_init(&queue, buffer, sizeof buffer);
    memset(packet, 0x5A, sizeof packet);

    EXPECT_EQ("a stream packet fills the stream room", PS_PROTO_OK,
              ps_proto_txq_push(&queue, packet, PS_PROTO_MAX_WIRE_SIZE - 10u, PS_PROTO_PRIORITY_STREAM));
    EXPECT_EQ("11 bytes do not fit in 10", PS_PROTO_E_QUEUE_FULL,
              ps_proto_txq_push(&queue, packet, 11, PS_PROTO_PRIORITY_STREAM));
    EXPECT_EQ("nothing of it was queued", PS_PROTO_MAX_WIRE_SIZE - 10u, ps_proto_txq_pending(&queue));
    EXPECT_EQ("the refusal is counted", 1, queue.dropped);
    PS_EXPECT_TRUE("a request can still be taken", ps_proto_txq_can_take_request(&queue));
    EXPECT_EQ("the largest reply fits the reserve", PS_PROTO_OK,
              ps_proto_txq_push(&queue, packet, PS_PROTO_MAX_WIRE_SIZE, PS_PROTO_PRIORITY_REPLY));
    PS_EXPECT_TRUE("now no request may be taken", !ps_proto_txq_can_take_request(&queue));
    EXPECT_EQ("a reply that cannot fit is refused", PS_PROTO_E_QUEUE_FULL,
              ps_proto_txq_push(&queue, packet, 11, PS_PROTO_PRIORITY_REPLY));
    EXPECT_EQ("and counted apart from stream drops", 1, queue.replies_refused);
    EXPECT_EQ("PONG.tx_dropped counts both", 2, ps_proto_txq_refused(&queue));
    EXPECT_EQ("no stream room left", 0, ps_proto_txq_stream_room(&queue));
    ps_proto_txq_consume(&queue, 100000);
    EXPECT_EQ("consuming more than pending empties it", 0, ps_proto_txq_pending(&queue));
}

/* ---------------------------------------------------------------- credit window */

static void test_credit_starts_paused_and_streams_every_nth_within_the_window(void)
{
    ps_proto_credit credit;
    uint32_t number = 0;
    int i;
    int sent = 0;
    int decimated = 0;
    ps_proto_credit_init(&credit);
    EXPECT_EQ("paused at boot", PS_PROTO_STREAM_PAUSED, ps_proto_credit_camera_frame(&credit, 1, &number));
    ps_proto_credit_configure(&credit, 3, 2);
    for (i = 0; i < 6; i++) {
        const ps_proto_stream_decision d = ps_proto_credit_camera_frame(&credit, 1, &number);
        sent += d == PS_PROTO_STREAM_SEND;
        decimated += d == PS_PROTO_STREAM_DECIMATED;
    }
    EXPECT_EQ("every 2nd of 6 inferences: 3 sent", 3, sent);
    EXPECT_EQ("3 decimated", 3, decimated);
    EXPECT_EQ("frames numbered from 1", 3, number);
    EXPECT_EQ("the 4th candidate exceeds the window of 3", PS_PROTO_STREAM_NO_CREDIT,
              ps_proto_credit_camera_frame(&credit, 1, &number));
    EXPECT_EQ("skipped frames are counted", 1, credit.skipped);
    ps_proto_credit_ack(&credit, 2);
    ps_proto_credit_camera_frame(&credit, 1, &number); /* decimated */
    EXPECT_EQ("an ack frees credit", PS_PROTO_STREAM_SEND, ps_proto_credit_camera_frame(&credit, 1, &number));
    EXPECT_EQ("numbering continues", 4, number);
}

static void test_credit_ignores_stale_and_future_acks(void)
{
    ps_proto_credit credit;
    uint32_t number = 0;
    int i;
    ps_proto_credit_init(&credit);
    ps_proto_credit_configure(&credit, 2, 1);
    for (i = 0; i < 2; i++) {
        ps_proto_credit_camera_frame(&credit, 1, &number);
    }
    ps_proto_credit_ack(&credit, 99);
    EXPECT_EQ("an ack of an unsent frame frees nothing", PS_PROTO_STREAM_NO_CREDIT,
              ps_proto_credit_camera_frame(&credit, 1, &number));
    ps_proto_credit_ack(&credit, 2);
    ps_proto_credit_ack(&credit, 1); /* late, repeated */
    EXPECT_EQ("a late ack does not take credit back", PS_PROTO_STREAM_SEND,
              ps_proto_credit_camera_frame(&credit, 1, &number));
    EXPECT_EQ("frame 3", 3, number);
    EXPECT_EQ("a full queue skips", PS_PROTO_STREAM_NO_ROOM, ps_proto_credit_camera_frame(&credit, 0, &number));
    EXPECT_EQ("no-credit and no-room skips both counted", 2, credit.skipped);
}

static void test_config_forgives_outstanding_frames_and_replies_need_no_credit(void)
{
    ps_proto_credit credit;
    uint32_t number = 0;
    ps_proto_credit_init(&credit);
    ps_proto_credit_configure(&credit, 1, 1);
    ps_proto_credit_camera_frame(&credit, 1, &number);
    EXPECT_EQ("window 1 used up", PS_PROTO_STREAM_NO_CREDIT, ps_proto_credit_camera_frame(&credit, 1, &number));
    EXPECT_EQ("a SET_INPUT reply is numbered anyway", 2, ps_proto_credit_reply_frame(&credit));
    ps_proto_credit_configure(&credit, 1, 1);
    EXPECT_EQ("after CONFIG the window is free again", PS_PROTO_STREAM_SEND,
              ps_proto_credit_camera_frame(&credit, 1, &number));
    EXPECT_EQ("and numbering did not restart", 3, number);
    ps_proto_credit_configure(&credit, 0, 1);
    EXPECT_EQ("window 0 pauses", PS_PROTO_STREAM_PAUSED, ps_proto_credit_camera_frame(&credit, 1, &number));
}

static void test_credit_arithmetic_survives_the_frame_number_wrap(void)
{
    ps_proto_credit credit;
    uint32_t number = 0;
    ps_proto_credit_init(&credit);
    credit.last_frame = 0xFFFFFFFEu;
    ps_proto_credit_configure(&credit, 2, 1);
    EXPECT_EQ("frame 0xFFFFFFFF", PS_PROTO_STREAM_SEND, ps_proto_credit_camera_frame(&credit, 1, &number));
    EXPECT_EQ("then frame 0", PS_PROTO_STREAM_SEND, ps_proto_credit_camera_frame(&credit, 1, &number));
    EXPECT_EQ("numbered 0", 0, number);
    EXPECT_EQ("window full", PS_PROTO_STREAM_NO_CREDIT, ps_proto_credit_camera_frame(&credit, 1, &number));
    ps_proto_credit_ack(&credit, 0);
    EXPECT_EQ("an ack across the wrap frees it", PS_PROTO_STREAM_SEND,
              ps_proto_credit_camera_frame(&credit, 1, &number));
}

/* ---------------------------------------------------------------- a simulated board */

/* Ticks a board keeps a frame's remaining parts waiting for queue room before it drops
 * them (counted in FRAME.parts_dropped) and closes the frame. */
#define SIM_PART_DEADLINE 20

/* MAP packets per simulated frame: 4 x 10 rows of a 40 x 96 channel. */
#define SIM_PARTS 4

/* The board answers a PING every 3 ticks (when it may take a request), runs a camera
 * inference every tick, streams it if credit allows and no frame is still being sent, and
 * queues the frame's MAP packets as room appears, then its FRAME. The host reads `host_rate` bytes per tick and acknowledges every
 * FRAME it reads; for 500 ticks it reads nothing at all. */
static void test_a_slow_or_silent_host_never_blocks_the_board_nor_loses_a_reply(void)
{
    static uint8_t queue_buffer[4 * PS_PROTO_MAX_WIRE_SIZE];
    static uint8_t wire[PS_PROTO_MAX_WIRE_SIZE];
    static int8_t map_values[PS_PROTO_MAP_MAX_DATA];
    static uint8_t rx_buffer[PS_PROTO_MAX_PACKET_SIZE];
    ps_proto_txq queue;
    ps_proto_credit credit;
    ps_proto_decoder host;
    ps_proto_envelope envelope;
    uint16_t board_seq = 0;
    uint32_t pings = 0;
    uint32_t pongs = 0;
    uint32_t frames_sent = 0;
    uint32_t frames_received = 0;
    uint32_t frames_after_silence = 0;
    uint32_t parts_dropped_total = 0;
    uint32_t parts_dropped_reported = 0;
    uint32_t requests_deferred = 0;
    uint32_t pending_pings = 0;
    uint32_t current = 0;    /* frame number being sent, 0: none */
    int parts_left = 0;
    int parts_dropped = 0;
    int waited = 0;
    int tick;
    size_t i;

    for (i = 0; i < sizeof map_values; i++) {
        map_values[i] = (int8_t)(i % 7 == 0 ? 3 : -128);
    }
    ps_proto_txq_init(&queue, queue_buffer, sizeof queue_buffer);
    ps_proto_credit_init(&credit);
    ps_proto_credit_configure(&credit, 4, 1);
    ps_proto_decoder_init(&host, rx_buffer, sizeof rx_buffer);
    envelope.flags = 0;
    envelope.ref_seq = 0;

    for (tick = 0; tick < 3000; tick++) {
        const int silent = tick >= 1000 && tick < 1500;
        const size_t host_rate = silent ? 0 : (tick < 2000 ? 700 : 6000);
        uint32_t number = 0;
        int32_t n;

        /* Requests: taken only while a reply of any size would fit. */
        if (tick % 3 == 0) {
            pending_pings++;
        }
        while (pending_pings > 0) {
            ps_proto_pong pong;
            if (!ps_proto_txq_can_take_request(&queue)) {
                requests_deferred++;
                break;
            }
            envelope.seq = board_seq++;
            envelope.flags = PS_PROTO_FLAG_REPLY;
            envelope.ref_seq = (uint16_t)pings;
            pong.token = pings;
            pong.uptime_ms = (uint32_t)tick;
            pong.tx_dropped = ps_proto_txq_refused(&queue);
            pong.rx_dropped = 0;
            n = ps_proto_encode_pong(&envelope, &pong, wire, sizeof wire);
            if (ps_proto_txq_push(&queue, wire, (size_t)n, PS_PROTO_PRIORITY_REPLY) != PS_PROTO_OK) {
                ps_test_fail(__FILE__, __LINE__, "PONG %u refused at tick %d", (unsigned)pings, tick);
            }
            envelope.flags = 0;
            envelope.ref_seq = 0;
            pings++;
            pending_pings--;
        }

        /* A camera inference every tick; streamed only if no frame is still being sent. */
        if (ps_proto_credit_camera_frame(&credit,
                                         current == 0 && ps_proto_txq_stream_room(&queue) >=
                                                             PS_PROTO_MAX_WIRE_SIZE,
                                         &number) == PS_PROTO_STREAM_SEND) {
            current = number;
            parts_left = SIM_PARTS;
            parts_dropped = 0;
            waited = 0;
        }
        /* Its parts as room appears, the rest dropped after the deadline, then the FRAME. */
        if (current != 0) {
            ps_proto_map map;
            memset(&map, 0, sizeof map);
            map.frame_number = current;
            map.height = SIM_PARTS * 10;
            map.width = 96;
            map.rows = 10;
            map.encoding = PS_PROTO_ENCODING_RAW;
            map.fill = -128;
            map.values = map_values;
            map.value_stride = 1;
            while (parts_left > 0 &&
                   ps_proto_txq_stream_room(&queue) >= PS_PROTO_WIRE_CAPACITY(PS_PROTO_MAP_FIXED_SIZE + 960u)) {
                map.row0 = (uint16_t)((SIM_PARTS - parts_left) * 10);
                envelope.seq = board_seq++;
                n = ps_proto_encode_map(&envelope, &map, wire, sizeof wire);
                EXPECT_EQ("a part fits when room was checked", PS_PROTO_OK,
                          ps_proto_txq_push(&queue, wire, (size_t)n, PS_PROTO_PRIORITY_STREAM));
                parts_left--;
            }
            if (parts_left > 0 && ++waited > SIM_PART_DEADLINE) {
                parts_dropped += parts_left;
                parts_left = 0;
            }
            if (parts_left == 0 && ps_proto_txq_stream_room(&queue) >= PS_PROTO_MAX_WIRE_SIZE) {
                ps_proto_frame frame;
                memset(&frame, 0, sizeof frame);
                frame.frame_number = current;
                frame.parts_sent = (uint16_t)(SIM_PARTS - parts_dropped);
                frame.parts_dropped = (uint16_t)parts_dropped;
                frame.frames_skipped = credit.skipped;
                envelope.seq = board_seq++;
                n = ps_proto_encode_frame(&envelope, &frame, wire, sizeof wire);
                ps_proto_txq_push(&queue, wire, (size_t)n, PS_PROTO_PRIORITY_STREAM);
                parts_dropped_total += (uint32_t)parts_dropped;
                frames_sent++;
                current = 0;
            }
        }

        /* The port moves what the host reads; the host decodes and acknowledges. */
        {
            size_t budget = host_rate;
            while (budget > 0 && ps_proto_txq_pending(&queue) > 0) {
                const uint8_t *bytes;
                size_t run = ps_proto_txq_peek(&queue, &bytes);
                size_t offset = 0;
                if (run > budget) {
                    run = budget;
                }
                while (offset < run) {
                    ps_proto_packet packet;
                    size_t used;
                    if (ps_proto_decoder_feed(&host, bytes + offset, run - offset, &used, &packet) ==
                        PS_PROTO_PACKET_READY) {
                        if (packet.header.type == PS_PROTO_MSG_PONG) {
                            pongs++;
                        } else if (packet.header.type == PS_PROTO_MSG_FRAME) {
                            ps_proto_frame frame;
                            ps_proto_parse_frame(&packet, &frame);
                            frames_received++;
                            frames_after_silence += tick >= 1500;
                            parts_dropped_reported += frame.parts_dropped;
                            ps_proto_credit_ack(&credit, frame.frame_number); /* FRAME_ACK */
                        }
                    }
                    offset += used;
                }
                ps_proto_txq_consume(&queue, run);
                budget -= run;
            }
        }
    }
    EXPECT_EQ("the host's decoder saw no broken packet", 0, ps_proto_decoder_dropped(&host));
    EXPECT_EQ("no reply was refused", 0, queue.replies_refused);
    EXPECT_EQ("no packet was refused at all (the board checked room first)", 0, queue.dropped);
    PS_EXPECT_TRUE("every PING taken was answered, the last few still in the queue",
                   pongs <= pings && pings - pongs <= 2u);
    PS_EXPECT_TRUE("the silent host made the board defer requests", requests_deferred > 0);
    PS_EXPECT_TRUE("and skip frames", credit.skipped > 0);
    PS_EXPECT_TRUE("and drop the parts it could not queue in time", parts_dropped_total > 0);
    EXPECT_EQ("every dropped part was reported in a FRAME the host read", parts_dropped_total,
              parts_dropped_reported);
    PS_EXPECT_TRUE("frames flowed again after the silence", frames_after_silence > 100);
    PS_EXPECT_TRUE("the host read every FRAME sent, but the last few", frames_sent - frames_received <= 2u);
    printf("simulated board: %u of %u PINGs answered (%u request deferrals), %u FRAMEs sent, "
           "%u received, %u camera inferences skipped, %u parts dropped and reported\n",
           (unsigned)pongs, (unsigned)pings, (unsigned)requests_deferred, (unsigned)frames_sent,
           (unsigned)frames_received, (unsigned)credit.skipped, (unsigned)parts_dropped_total);
}

int main(void)
{
    test_queue_refuses_a_buffer_smaller_than_reserve_plus_one_packet();
    test_queue_keeps_byte_order_across_the_wrap();
    test_stream_packets_are_refused_whole_but_replies_use_the_reserve();
    test_credit_starts_paused_and_streams_every_nth_within_the_window();
    test_credit_ignores_stale_and_future_acks();
    test_config_forgives_outstanding_frames_and_replies_need_no_credit();
    test_credit_arithmetic_survives_the_frame_number_wrap();
    test_a_slow_or_silent_host_never_blocks_the_board_nor_loses_a_reply();
    return ps_test_summary();
}
