/*
 * test_protocol_fuzz.c - the decoder and the parsers against hostile input: random bytes,
 * random payloads, and streams of valid packets damaged by truncation, bit flips and
 * garbage. Deterministic (fixed seeds), so a failure reproduces; run under ASan and UBSan
 * by `make test`, where an out-of-bounds access aborts the run.
 *
 * Checked: nothing crashes; every packet the decoder delivers passes its CRC and length
 * checks and is one that was sent, in order; a packet preceded on the wire by a delimiter
 * is always delivered, however damaged the bytes before it, so the decoder loses at most
 * the one packet that follows damage without a delimiter (resynchronisation within one
 * packet).
 *
 * Usage: test_protocol_fuzz
 */
#include <stdlib.h>
#include <string.h>

#include "ps_cobs.h"
#include "ps_crc32.h"
#include "ps_protocol.h"
#include "ps_test.h"

/* About a million random bytes per pass. */
#define FUZZ_RANDOM_BYTES (1u << 20)

/* The damaged stream: this many packets (about 1.5 MB of wire bytes). */
#define FUZZ_PACKETS 6000u

#define FUZZ_PARSER_ROUNDS 3000

static uint32_t rng_state;

static uint32_t rng_next(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

static uint32_t rng_below(uint32_t bound)
{
    return bound == 0 ? 0 : rng_next() % bound;
}

static int8_t s8_of(uint32_t x)
{
    return (int8_t)((int)(x & 0xFFu) - 128);
}

static uint32_t read_u32(const uint8_t *b)
{
    return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
}

/* A copy of `length` bytes in a heap block of exactly that size, so ASan reports any read
 * past the end; NULL for length 0. */
static uint8_t *exact_copy(const uint8_t *bytes, size_t length)
{
    uint8_t *copy;
    if (length == 0) {
        return NULL;
    }
    copy = malloc(length);
    if (copy == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    memcpy(copy, bytes, length);
    return copy;
}

/* Parses a packet with its type's parser, and expands MAP data, into exact-size memory. */
static ps_proto_status parse_any(const ps_proto_packet *packet)
{
    static ps_proto_hello hello;
    ps_proto_status status;
    union {
        ps_proto_ping ping;
        ps_proto_hello_request hello_request;
        ps_proto_config config;
        ps_proto_image_chunk set_input;
        ps_proto_frame_ack frame_ack;
        ps_proto_pong pong;
        ps_proto_config_ack config_ack;
        ps_proto_input_ack input_ack;
        ps_proto_frame frame;
        ps_proto_map map;
        ps_proto_image image;
        ps_proto_log log;
        ps_proto_error error;
    } m;
    switch (packet->header.type) {
    case PS_PROTO_MSG_PING: return ps_proto_parse_ping(packet, &m.ping);
    case PS_PROTO_MSG_HELLO_REQUEST: return ps_proto_parse_hello_request(packet, &m.hello_request);
    case PS_PROTO_MSG_CONFIG: return ps_proto_parse_config(packet, &m.config);
    case PS_PROTO_MSG_SET_INPUT: return ps_proto_parse_set_input(packet, &m.set_input);
    case PS_PROTO_MSG_FRAME_ACK: return ps_proto_parse_frame_ack(packet, &m.frame_ack);
    case PS_PROTO_MSG_PONG: return ps_proto_parse_pong(packet, &m.pong);
    case PS_PROTO_MSG_HELLO: return ps_proto_parse_hello(packet, &hello);
    case PS_PROTO_MSG_CONFIG_ACK: return ps_proto_parse_config_ack(packet, &m.config_ack);
    case PS_PROTO_MSG_INPUT_ACK: return ps_proto_parse_input_ack(packet, &m.input_ack);
    case PS_PROTO_MSG_FRAME: return ps_proto_parse_frame(packet, &m.frame);
    case PS_PROTO_MSG_MAP:
        status = ps_proto_parse_map(packet, &m.map);
        if (status == PS_PROTO_OK) {
            const size_t count = (size_t)m.map.rows * m.map.width;
            int8_t *values = malloc(count);
            if (values == NULL) {
                exit(1);
            }
            status = ps_proto_map_expand(&m.map, values, count);
            free(values);
            if (status == PS_PROTO_E_MALFORMED || status == PS_PROTO_E_UNSUPPORTED) {
                status = PS_PROTO_OK; /* well-formed packet, data the caller rejects */
            }
        }
        return status;
    case PS_PROTO_MSG_IMAGE: return ps_proto_parse_image(packet, &m.image);
    case PS_PROTO_MSG_LOG: return ps_proto_parse_log(packet, &m.log);
    case PS_PROTO_MSG_ERROR: return ps_proto_parse_error(packet, &m.error);
    default: return PS_PROTO_E_TYPE;
    }
}

/* Re-checks a delivered packet from the decoder's buffer: CRC and length must hold. */
static int packet_is_sound(const ps_proto_decoder *decoder, const ps_proto_packet *packet)
{
    const size_t body = PS_PROTO_HEADER_SIZE + packet->header.length;
    return packet->payload == decoder->buffer + PS_PROTO_HEADER_SIZE &&
           body + PS_PROTO_CRC_SIZE <= decoder->capacity &&
           ps_crc32(decoder->buffer, body) == read_u32(decoder->buffer + body);
}

/* ---------------------------------------------------------------- random bytes */

/* Feeds random bytes in random chunks; `zero_one_in` sets how often a byte is a delimiter. */
static void feed_random_bytes(uint32_t seed, uint32_t zero_one_in, size_t capacity)
{
    static uint8_t bytes[FUZZ_RANDOM_BYTES];
    static uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
    ps_proto_decoder decoder;
    ps_proto_packet packet;
    size_t offset = 0;
    size_t i;
    uint32_t delivered = 0;
    uint32_t unsound = 0;
    uint32_t delimiters = 0;

    rng_state = seed;
    for (i = 0; i < sizeof bytes; i++) {
        bytes[i] = rng_below(zero_one_in) == 0 ? 0 : (uint8_t)(1 + rng_below(255));
        delimiters += bytes[i] == 0;
    }
    ps_proto_decoder_init(&decoder, buffer, capacity);
    while (offset < sizeof bytes) {
        size_t chunk = 1 + rng_below(3000);
        size_t used;
        if (chunk > sizeof bytes - offset) {
            chunk = sizeof bytes - offset;
        }
        if (ps_proto_decoder_feed(&decoder, bytes + offset, chunk, &used, &packet) ==
            PS_PROTO_PACKET_READY) {
            delivered++;
            unsound += !packet_is_sound(&decoder, &packet);
            (void)parse_any(&packet);
        }
        offset += used;
    }
    PS_EXPECT_EQ_I32("delivered random packets all pass CRC and length", 0, (int32_t)unsound);
    /* Every delimiter ends a packet: delivered + dropped + empty == delimiters. */
    PS_EXPECT_TRUE("every non-empty packet is accounted for",
                   delivered + ps_proto_decoder_dropped(&decoder) <= delimiters);
    PS_EXPECT_TRUE("random bytes produced drops", ps_proto_decoder_dropped(&decoder) > 0);
    printf("random bytes (1 zero in %u, buffer %zu): %u delivered, %u dropped "
           "(oversized %u, cobs %u, too_short %u, bad_crc %u, bad_length %u)\n",
           (unsigned)zero_one_in, capacity, (unsigned)delivered,
           (unsigned)ps_proto_decoder_dropped(&decoder), (unsigned)decoder.stats.oversized,
           (unsigned)decoder.stats.cobs, (unsigned)decoder.stats.too_short,
           (unsigned)decoder.stats.bad_crc, (unsigned)decoder.stats.bad_length);
}

static void test_random_bytes_never_yield_an_unsound_packet(void)
{
    feed_random_bytes(0x1234567u, 256, PS_PROTO_MAX_PACKET_SIZE); /* uniform bytes */
    feed_random_bytes(0x89ABCDEu, 3000, PS_PROTO_MAX_PACKET_SIZE); /* long runs: oversized */
    feed_random_bytes(0x5EED5EEu, 40, 64);                         /* a board-sized buffer */
}

/* ---------------------------------------------------------------- damaged streams */

typedef struct {
    size_t start;   /* first wire byte */
    size_t length;  /* wire bytes, delimiter included */
    int intact;     /* sent unmodified */
} sent_packet;

static uint8_t pool_bytes[PS_PROTO_MAX_PAYLOAD];

/* Encodes one random valid packet of a random type into out; returns its wire length. */
static int32_t random_packet(uint16_t seq, uint8_t *out, size_t capacity)
{
    ps_proto_envelope envelope;
    const uint32_t kind = rng_below(6);
    size_t i;
    envelope.seq = seq;
    envelope.flags = (uint8_t)(rng_next() & 1u);
    envelope.ref_seq = envelope.flags ? (uint16_t)rng_next() : 0;
    for (i = 0; i < sizeof pool_bytes; i++) {
        pool_bytes[i] = rng_below(4) == 0 ? 0 : (uint8_t)rng_next();
    }
    if (kind == 0) {
        ps_proto_ping ping;
        ping.token = rng_next();
        return ps_proto_encode_ping(&envelope, &ping, out, capacity);
    }
    if (kind == 1) {
        ps_proto_log log;
        log.level = (uint8_t)(1 + rng_below(4));
        log.text.chars = (const char *)pool_bytes;
        log.text.length = (uint16_t)rng_below(PS_PROTO_MAX_TEXT + 1u);
        return ps_proto_encode_log(&envelope, &log, out, capacity);
    }
    if (kind == 2) {
        ps_proto_frame frame;
        memset(&frame, 0, sizeof frame);
        frame.frame_number = rng_next();
        frame.inference_time = rng_next();
        frame.time_unit = PS_PROTO_TIME_CYCLES;
        frame.score_count = (uint8_t)rng_below(PS_PROTO_MAX_LABELS + 1u);
        for (i = 0; i < frame.score_count; i++) {
            frame.scores[i] = s8_of(rng_next());
        }
        return ps_proto_encode_frame(&envelope, &frame, out, capacity);
    }
    if (kind == 3) {
        ps_proto_image image;
        image.frame_number = rng_next();
        image.chunk.pixel_format = PS_PROTO_PIXEL_GRAY8;
        image.chunk.channels = 1;
        image.chunk.width = (uint16_t)(1 + rng_below(PS_PROTO_IMAGE_MAX_DATA));
        image.chunk.rows = (uint16_t)(1 + rng_below(PS_PROTO_IMAGE_MAX_DATA / image.chunk.width));
        image.chunk.row0 = 0;
        image.chunk.height = image.chunk.rows;
        image.chunk.data = pool_bytes;
        return ps_proto_encode_image(&envelope, &image, out, capacity);
    }
    {
        ps_proto_map map;
        memset(&map, 0, sizeof map);
        map.frame_number = rng_next();
        map.width = (uint16_t)(1 + rng_below(128));
        map.rows = (uint16_t)(1 + rng_below(PS_PROTO_MAP_MAX_DATA / map.width));
        map.height = map.rows;
        map.encoding = (uint8_t)rng_below(2);
        map.fill = 0;
        map.values = (const int8_t *)pool_bytes;
        map.value_stride = 1;
        for (i = 0; i < sizeof pool_bytes; i++) {
            pool_bytes[i] = rng_below(3) == 0 ? (uint8_t)rng_next() : 0; /* sparse, post-ReLU */
        }
        return ps_proto_encode_map(&envelope, &map, out, capacity);
    }
}

static void test_damaged_streams_lose_at_most_the_packet_after_the_damage(void)
{
    static uint8_t wire[FUZZ_PACKETS * (PS_PROTO_MAX_WIRE_SIZE + 320)];
    static sent_packet sent[FUZZ_PACKETS];
    static uint8_t expected[PS_PROTO_MAX_PACKET_SIZE];
    static uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
    uint8_t packet_wire[PS_PROTO_MAX_WIRE_SIZE];
    ps_proto_decoder decoder;
    ps_proto_packet packet;
    size_t length = 0;
    size_t offset = 0;
    size_t next = 0; /* the sent packet the next delivery may be, at the earliest */
    size_t i;
    uint32_t guaranteed = 0;
    uint32_t guaranteed_lost = 0;
    uint32_t intact = 0;
    uint32_t delivered = 0;
    uint32_t unexpected = 0;
    uint32_t unsound = 0;
    uint32_t damaged = 0;

    rng_state = 0xC0FFEEu;
    for (i = 0; i < FUZZ_PACKETS; i++) {
        const int32_t n = random_packet((uint16_t)i, packet_wire, sizeof packet_wire);
        const uint32_t action = rng_below(100);
        size_t k;
        if (n <= 0) {
            ps_test_fail(__FILE__, __LINE__, "random packet %zu did not encode (%d)", i, (int)n);
            return;
        }
        if (action < 10) { /* garbage before the packet, maybe with delimiters in it */
            const size_t garbage = 1 + rng_below(300);
            const uint32_t zero_one_in = 1 + rng_below(400);
            for (k = 0; k < garbage; k++) {
                wire[length++] = rng_below(zero_one_in) == 0 ? 0 : (uint8_t)(1 + rng_below(255));
            }
        } else if (action < 13) { /* extra delimiters (empty packets) */
            wire[length++] = 0;
            wire[length++] = 0;
        }
        sent[i].start = length;
        sent[i].length = (size_t)n;
        sent[i].intact = 1;
        memcpy(wire + length, packet_wire, (size_t)n);
        if (action >= 20 && action < 30) { /* truncated: the delimiter and more go missing */
            sent[i].length = rng_below((uint32_t)n - 1u) + 1u;
            sent[i].intact = 0;
        } else if (action >= 30 && action < 40) { /* one to three flipped bits */
            const uint32_t flips = 1 + rng_below(3);
            for (k = 0; k < flips; k++) {
                wire[length + rng_below((uint32_t)n)] ^= (uint8_t)(1u << rng_below(8));
            }
            sent[i].intact = memcmp(wire + length, packet_wire, (size_t)n) == 0;
        }
        length += sent[i].length;
        damaged += !sent[i].intact;
    }

    ps_proto_decoder_init(&decoder, buffer, sizeof buffer);
    while (offset < length) {
        size_t chunk = 1 + rng_below(4096);
        size_t used;
        if (chunk > length - offset) {
            chunk = length - offset;
        }
        if (ps_proto_decoder_feed(&decoder, wire + offset, chunk, &used, &packet) ==
            PS_PROTO_PACKET_READY) {
            const size_t size = PS_PROTO_HEADER_SIZE + packet.header.length + PS_PROTO_CRC_SIZE;
            int matched = 0;
            delivered++;
            unsound += !packet_is_sound(&decoder, &packet);
            (void)parse_any(&packet);
            /* It must be a later intact packet; the intact ones skipped over must not have
             * been guaranteed. */
            while (next < FUZZ_PACKETS && !matched) {
                const sent_packet *s = &sent[next];
                if (s->intact) {
                    const int32_t m = ps_cobs_decode(wire + s->start, s->length - 1u, expected,
                                                     sizeof expected);
                    if (m == (int32_t)size && memcmp(expected, buffer, size) == 0) {
                        matched = 1;
                    }
                }
                next++;
            }
            unexpected += !matched;
        }
        offset += used;
    }

    /* Count guaranteed packets and those of them that were not delivered: re-walk in order,
     * matching deliveries again on a second decoder. */
    {
        ps_proto_decoder second;
        offset = 0;
        ps_proto_decoder_init(&second, buffer, sizeof buffer);
        for (i = 0; i < FUZZ_PACKETS; i++) {
            const sent_packet *s = &sent[i];
            const int is_guaranteed = s->intact && (s->start == 0 || wire[s->start - 1] == 0);
            int seen = 0;
            intact += s->intact;
            guaranteed += is_guaranteed;
            /* Feed everything up to and including this packet's delimiter. */
            while (offset < s->start + s->length) {
                size_t used;
                if (ps_proto_decoder_feed(&second, wire + offset, s->start + s->length - offset,
                                          &used, &packet) == PS_PROTO_PACKET_READY &&
                    offset + used == s->start + s->length && s->intact) {
                    seen = 1;
                }
                offset += used;
            }
            if (is_guaranteed && !seen) {
                guaranteed_lost++;
                if (guaranteed_lost <= 3) {
                    ps_test_fail(__FILE__, __LINE__, "packet %zu follows a delimiter but was lost", i);
                }
            }
        }
    }

    PS_EXPECT_EQ_I32("delivered packets that were not sent intact", 0, (int32_t)unexpected);
    PS_EXPECT_EQ_I32("delivered packets failing CRC or length", 0, (int32_t)unsound);
    PS_EXPECT_EQ_I32("packets after a delimiter that were lost", 0, (int32_t)guaranteed_lost);
    PS_EXPECT_TRUE("most intact packets follow a delimiter", guaranteed * 3u >= intact * 2u);
    PS_EXPECT_TRUE("the stream was damaged", damaged > FUZZ_PACKETS / 10u);
    PS_EXPECT_TRUE("no more delivered than intact", delivered <= intact);
    printf("damaged stream: %zu bytes, %u packets (%u damaged), %u intact, %u after a delimiter, "
           "%u delivered; decoder dropped %u\n",
           length, (unsigned)FUZZ_PACKETS, (unsigned)damaged, (unsigned)intact,
           (unsigned)guaranteed, (unsigned)delivered, (unsigned)ps_proto_decoder_dropped(&decoder));
}

static void test_a_valid_packet_after_any_truncation_is_recovered(void)
{
    static uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
    uint8_t first[PS_PROTO_MAX_WIRE_SIZE];
    uint8_t second[PS_PROTO_MAX_WIRE_SIZE];
    uint8_t third[PS_PROTO_MAX_WIRE_SIZE];
    int round;
    uint32_t failures = 0;
    rng_state = 0xBADC0DEu;
    for (round = 0; round < 2000; round++) {
        const int32_t a = random_packet(1, first, sizeof first);
        const int32_t b = random_packet(2, second, sizeof second);
        const int32_t c = random_packet(3, third, sizeof third);
        const size_t cut = rng_below((uint32_t)a - 1u) + 1u; /* keep 1..a-1 bytes */
        ps_proto_decoder decoder;
        ps_proto_packet packet;
        size_t used;
        int got_third = 0;
        ps_proto_decoder_init(&decoder, buffer, sizeof buffer);
        ps_proto_decoder_feed(&decoder, first, cut, &used, &packet);
        /* The second packet runs into the truncated first and may be lost ... */
        ps_proto_decoder_feed(&decoder, second, (size_t)b, &used, &packet);
        /* ... the third follows a delimiter and must come out intact. */
        if (ps_proto_decoder_feed(&decoder, third, (size_t)c, &used, &packet) ==
                PS_PROTO_PACKET_READY &&
            used == (size_t)c && packet.header.seq == 3) {
            got_third = 1;
        }
        failures += !got_third;
    }
    PS_EXPECT_EQ_I32("truncations after which the next-but-one packet was lost", 0,
                     (int32_t)failures);
}

/* ---------------------------------------------------------------- parsers and RLE */

static void test_random_payloads_never_crash_the_parsers(void)
{
    static const uint8_t types[] = {
        PS_PROTO_MSG_PING,  PS_PROTO_MSG_HELLO_REQUEST, PS_PROTO_MSG_CONFIG,
        PS_PROTO_MSG_SET_INPUT, PS_PROTO_MSG_FRAME_ACK, PS_PROTO_MSG_PONG,
        PS_PROTO_MSG_HELLO, PS_PROTO_MSG_CONFIG_ACK,    PS_PROTO_MSG_INPUT_ACK,
        PS_PROTO_MSG_FRAME, PS_PROTO_MSG_MAP,           PS_PROTO_MSG_IMAGE,
        PS_PROTO_MSG_LOG,   PS_PROTO_MSG_ERROR,         0x7F,
    };
    static uint8_t scratch[PS_PROTO_MAX_PAYLOAD];
    size_t t;
    uint32_t parsed = 0;
    uint32_t refused = 0;
    rng_state = 0x0DDBA11u;
    for (t = 0; t < sizeof types; t++) {
        int round;
        for (round = 0; round < FUZZ_PARSER_ROUNDS; round++) {
            const uint32_t shape = rng_below(4);
            const size_t length = shape == 0 ? rng_below(40) : rng_below(PS_PROTO_MAX_PAYLOAD + 1u);
            size_t i;
            uint8_t *payload;
            ps_proto_packet packet;
            ps_proto_status status;
            for (i = 0; i < length; i++) {
                /* Small bytes make counts and lengths plausible more often. */
                scratch[i] = shape == 1 ? (uint8_t)rng_below(8) : (uint8_t)rng_next();
            }
            payload = exact_copy(scratch, length);
            packet.header.type = types[t];
            packet.header.flags = 0;
            packet.header.seq = 0;
            packet.header.ref_seq = 0;
            packet.header.length = (uint16_t)length;
            packet.payload = payload;
            status = parse_any(&packet);
            parsed += status == PS_PROTO_OK;
            refused += status != PS_PROTO_OK;
            free(payload);
        }
    }
    PS_EXPECT_TRUE("random payloads were parsed and refused", parsed > 0 && refused > 0);
    printf("parsers: %u random payloads accepted, %u refused, none read out of bounds\n",
           (unsigned)parsed, (unsigned)refused);
}

/* Random RLE data, and valid encodings with one byte changed, expanded into exact-size
 * memory. */
static void test_random_rle_data_never_overruns(void)
{
    static uint8_t scratch[2048];
    static int8_t values[600];
    int round;
    uint32_t ok = 0;
    rng_state = 0xF111F111u;
    for (round = 0; round < 20000; round++) {
        size_t length = rng_below(64);
        const size_t count = 1 + rng_below(600);
        const int8_t fill = s8_of(rng_below(3)); /* -128, -127, -126: frequent in the data */
        size_t i;
        uint8_t *data;
        int8_t *out = malloc(count);
        if (out == NULL) {
            exit(1);
        }
        if (round % 2 == 0) {
            for (i = 0; i < length; i++) {
                scratch[i] = rng_below(3) == 0 ? (uint8_t)fill : (uint8_t)rng_next();
            }
        } else {
            int32_t n;
            for (i = 0; i < count; i++) {
                values[i] = rng_below(4) == 0 ? s8_of(rng_next()) : fill;
            }
            n = ps_proto_rle_encode(values, 1, count, fill, scratch, sizeof scratch);
            length = n > 0 ? (size_t)n : 0;
            if (length > 0 && rng_below(4) != 0) {
                scratch[rng_below((uint32_t)length)] = (uint8_t)rng_next();
            }
        }
        data = exact_copy(scratch, length);
        ok += ps_proto_rle_decode(data, length, fill, out, count) == PS_PROTO_OK;
        free(data);
        free(out);
    }
    PS_EXPECT_TRUE("some inputs expanded exactly", ok > 1000);
    printf("rle: %u of 20000 random or altered inputs expanded to exactly their count\n",
           (unsigned)ok);
}

int main(void)
{
    test_random_bytes_never_yield_an_unsound_packet();
    test_damaged_streams_lose_at_most_the_packet_after_the_damage();
    test_a_valid_packet_after_any_truncation_is_recovered();
    test_random_payloads_never_crash_the_parsers();
    test_random_rle_data_never_overruns();
    return ps_test_summary();
}
