/*
 * ps_conv_s8_dsp.c - CONV_2D's loops on the DSP extension (see ps_dsp.h); ps_conv_s8 checks the
 * arguments and calls ps_conv_s8_dsp_ in builds with PS_DSP_KERNELS.
 *
 * input [N, H, W, C_in], filter [C_out, KH, KW, C_in], bias [C_out], output [N, OH, OW, C_out];
 * depth D = KH * KW * C_in, the products behind one output value.
 *
 * Six output positions at a time (a tile, im2col): their input patches are widened once to
 * int16, with the input offset already added (SXTAB16: x + input_offset in [-255, 255] fits an
 * int16 lane exactly) and 0 for taps outside the input (the portable kernel skips those taps: a
 * product of 0 is the same sum). Then every output channel's D weights are read once per tile,
 * two weight bytes sign-extended per SXTB16, and each SMLAD adds two products to one position's
 * accumulator: per 4 weights, 1 load, 2 extensions, 3 LDMs of 4 column words and 12 SMLAD give 24
 * multiply-accumulates in 18 instructions. That loop, and the requantization and stores of each
 * channel's 6 outputs, are one assembly routine per tile (ps_conv_tile_: it needs all 14
 * registers), for every channel of the tile; the requantization there is TFLite's, in 4
 * instructions per output (see fast_requant). Tiles it does not take (the last, partial tile of a
 * layer, D not a multiple of 4, a channel outside the fast requantization's bounds) run the same
 * sums in C (convolve_channel) with ps_multiply_by_quantized_multiplier where needed.
 *
 * Short filter rows (KW * C_in <= 4, as a first layer's C_in 1, 3x3) would leave D = 9 to a
 * partial group; instead each filter row becomes one group of 4 taps, the filter copied with
 * zero weights in the padding (fill_padded_rows), so D = 4 * KH and the assembly takes it.
 *
 * Column layout, so that SXTB16 of a raw weight word meets its inputs without shuffling: the
 * patch index k = (fy * KW + fx) * C_in + ic is cut into groups of 4 (the last one padded with
 * zeros); group g holds 12 words, 2 per position s (0..5):
 *     word 12g + 2s     = {x[4g] , x[4g+2]}   (int16 lanes, bottom first) - meets SXTB16(w)
 *     word 12g + 2s + 1 = {x[4g+1], x[4g+3]}                               - meets SXTB16(w ror 8)
 *
 * Exactness: each accumulator receives exactly the products w[k] * (x[k] + input_offset) of the
 * portable loop over the taps inside the input (and zeros, and padding lanes of weight 0), in
 * another order. Each product is at most 128 * 255 = 32640 in magnitude and there are at most
 * PS_DSP_MAX_DEPTH (far below PS_MAX_ACCUMULATION_DEPTH) of them, so every partial sum - after
 * each SMLAD, whatever the order - lies within +-PS_DSP_MAX_DEPTH * 32640 < 2^24: nothing wraps,
 * integer addition is associative, and the accumulator equals the portable one. The
 * requantization gives ps_requantize_s8_'s bytes (fast_requant says why).
 *
 * Scratch: the columns, one patch or padded filter, and 64 channels' requantization constants,
 * all in ps_conv_s8_dsp_'s stack frame (about 7.9 KB; boards/qemu-m4/Makefile reserves the stack).
 */
#include "ps_dsp.h"

#if PS_DSP_KERNELS

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ps_kernel_util.h"

/* Output positions per tile: the 6 accumulators of one channel and 4 column words stay in
 * registers through the inner loop. */
#define POSITIONS 6
#define MAX_GROUPS (PS_DSP_MAX_DEPTH / 4)
/* Bytes of one group of the columns: 2 words per position. */
#define PS_CONV_GROUP_BYTES 48
typedef char group_bytes_match_positions[(PS_CONV_GROUP_BYTES == 2 * POSITIONS * 4) ? 1 : -1];
#define PS_CONV_POSITIONS_X4 24 /* bytes of POSITIONS pointers */
typedef char positions_x4_matches[(PS_CONV_POSITIONS_X4 == POSITIONS * 4) ? 1 : -1];
#define PS_DSP_STR_(x) #x
#define PS_DSP_STR(x) PS_DSP_STR_(x)

typedef char max_depth_is_a_multiple_of_4[(PS_DSP_MAX_DEPTH % 4 == 0 && PS_DSP_MAX_DEPTH >= 4) ? 1 : -1];

/* The int16 columns of POSITIONS positions; and either one position's patch as int8 values (for
 * layers whose C_in is not a multiple of 4) or, in a layer whose filter rows are padded to one
 * group each (see fill_padded_rows), the padded weights. */
typedef struct {
    uint32_t words[MAX_GROUPS * 2 * POSITIONS];
    union {
        int8_t patch[PS_DSP_MAX_DEPTH];
        int8_t padded_weights[PS_DSP_MAX_DEPTH];
    } bytes;
} columns;

typedef struct {
    const int8_t *input;   /* batch b's input */
    int32_t in_h, in_w, in_c;
    int32_t filter_h, filter_w;
    int32_t depth, groups;
    const ps_window *window;
    int32_t input_offset;
    uint32_t offset_pair;  /* input_offset in both int16 lanes */
    int rows_padded;       /* each filter row is one group: see fill_padded_rows */
} conv_shape;

/* n groups of 4 input bytes -> 2 column words each (the offset added by SXTAB16), `dst` moving
 * one group of the columns (2 * POSITIONS words) per group. */
static inline uint32_t *widen_groups(uint32_t *dst, const int8_t *src, int32_t n, uint32_t offset_pair)
{
    for (; n >= 2; n -= 2) { /* two groups per turn: fewer loop instructions */
        const uint32_t a = ps_dsp_read_u32_(src);
        const uint32_t b = ps_dsp_read_u32_(src + 4);
        src += 8;
        dst[0] = ps_dsp_sxtab16_(offset_pair, a);
        dst[1] = ps_dsp_sxtab16_ror8_(offset_pair, a);
        dst[2 * POSITIONS] = ps_dsp_sxtab16_(offset_pair, b);
        dst[2 * POSITIONS + 1] = ps_dsp_sxtab16_ror8_(offset_pair, b);
        dst += 4 * POSITIONS;
    }
    if (n > 0) {
        const uint32_t a = ps_dsp_read_u32_(src);
        dst[0] = ps_dsp_sxtab16_(offset_pair, a);
        dst[1] = ps_dsp_sxtab16_ror8_(offset_pair, a);
        dst += 2 * POSITIONS;
    }
    return dst;
}

/* n zero groups (taps outside the input). */
static inline uint32_t *zero_groups(uint32_t *dst, int32_t n)
{
    for (; n > 0; n--) {
        dst[0] = 0;
        dst[1] = 0;
        dst += 2 * POSITIONS;
    }
    return dst;
}

/* Copies n bytes, a word at a time, and returns dst + n. */
static inline int8_t *copy_bytes(int8_t *dst, const int8_t *src, int32_t n)
{
    for (; n >= 4; n -= 4) {
        const uint32_t four = ps_dsp_read_u32_(src);
        memcpy(dst, &four, sizeof four);
        src += 4;
        dst += 4;
    }
    for (; n > 0; n--) {
        *dst++ = *src++;
    }
    return dst;
}

/* Writes n copies of byte v and returns dst + n. */
static inline int8_t *set_bytes(int8_t *dst, int8_t v, int32_t n)
{
    for (; n > 0; n--) {
        *dst++ = v;
    }
    return dst;
}

/*
 * The columns of a layer whose filter rows are short (KW * C_in <= 4 bytes, dilation_w 1, as the
 * first layer of an image model: C_in 1, 3x3): each filter row is one group of 4 taps, padded
 * with weights 0 (ps_conv_s8_dsp_ copies the filter so), which makes D = 4 * KH and needs no
 * byte shuffling: a row of the patch is one word read from the input, widened. Where the word
 * would reach past the input row, or taps lie outside it, the word is assembled byte by byte
 * (-input_offset, which SXTAB16 turns into 0, for taps outside); rows outside the input are 0.
 * The lanes past KW * C_in meet weights 0, whatever input they hold.
 */
static void fill_padded_rows(columns *col, const conv_shape *s, int32_t slot, int32_t oy, int32_t ox)
{
    const ps_window *w = s->window;
    const int32_t in_y0 = oy * w->stride_h - w->pad_h;
    const int32_t in_c = s->in_c;
    const int32_t x0 = (ox * w->stride_w - w->pad_w) * in_c; /* first byte of the row's run */
    const int32_t row_bytes = s->in_w * in_c;
    const int32_t run = s->filter_w * in_c;
    const uint32_t offset_pair = s->offset_pair;
    const int whole_word = x0 >= 0 && x0 + 4 <= row_bytes;
    uint32_t *dst = col->words + slot * 2;
    int32_t fy, j;


    for (fy = 0; fy < s->filter_h; fy++, dst += 2 * POSITIONS) {
        const int32_t in_y = in_y0 + w->dilation_h * fy;
        uint32_t word;
        if (oy < 0 || in_y < 0 || in_y >= s->in_h) {
            dst[0] = 0;
            dst[1] = 0;
            continue;
        }
        if (whole_word) {
            word = ps_dsp_read_u32_(s->input + in_y * row_bytes + x0);
        } else {
            const int8_t *row = s->input + in_y * row_bytes;
            word = 0;
            for (j = 3; j >= 0; j--) {
                const int32_t x = x0 + j;
                const int8_t v = j < run && x >= 0 && x < row_bytes ? row[x] : (int8_t)(-s->input_offset);
                word = (word << 8) | (uint8_t)v;
            }
        }
        dst[0] = ps_dsp_sxtab16_(offset_pair, word);
        dst[1] = ps_dsp_sxtab16_ror8_(offset_pair, word);
    }
}

/*
 * Writes position (oy, ox)'s patch into column slot `slot`; an unused slot (oy < 0) gets zeros.
 * A position whose window lies inside the input with dilation_w 1 reads each filter row as one
 * run of KW * C_in input bytes; others go tap by tap. Not inlined, and not allowed to turn its
 * short byte loops into memcpy/memset calls: both cost more than they save here.
 */
__attribute__((noinline, optimize("no-tree-loop-distribute-patterns")))
static void fill_column(columns *col, const conv_shape *s, int32_t slot, int32_t oy, int32_t ox)
{
    const ps_window *w = s->window;
    const int32_t in_y0 = oy * w->stride_h - w->pad_h;
    const int32_t in_x0 = ox * w->stride_w - w->pad_w;
    const int32_t in_c = s->in_c;
    const int32_t run = s->filter_w * in_c; /* one filter row of the patch */
    const uint32_t offset_pair = s->offset_pair;
    uint32_t *slot_words = col->words + slot * 2;
    int32_t fy, fx;
    int rows_are_runs;

    if (oy < 0) {
        zero_groups(slot_words, s->groups);
        return;
    }
    rows_are_runs = w->dilation_w == 1 && in_x0 >= 0 && in_x0 <= s->in_w - s->filter_w;
    if ((in_c & 3) == 0 && rows_are_runs && in_y0 >= 0 && in_y0 + w->dilation_h * (s->filter_h - 1) < s->in_h) {
        /* the usual position: every filter row inside, one run of input bytes each */
        const int8_t *src = s->input + (in_y0 * s->in_w + in_x0) * in_c;
        const int32_t step = w->dilation_h * s->in_w * in_c;
        uint32_t *dst = slot_words;
        for (fy = 0; fy < s->filter_h; fy++, src += step) {
            dst = widen_groups(dst, src, run >> 2, offset_pair);
        }
        return;
    }
    if ((in_c & 3) == 0) {
        /* whole groups per tap: k = (fy * KW + fx) * C_in is a multiple of 4 */
        uint32_t *dst = slot_words;
        for (fy = 0; fy < s->filter_h; fy++) {
            const int32_t in_y = in_y0 + w->dilation_h * fy;
            const int8_t *row = in_y >= 0 && in_y < s->in_h ? s->input + in_y * s->in_w * in_c : NULL;
            if (row == NULL) {
                dst = zero_groups(dst, run >> 2);
            } else if (rows_are_runs) {
                dst = widen_groups(dst, row + in_x0 * in_c, run >> 2, offset_pair);
            } else {
                for (fx = 0; fx < s->filter_w; fx++) {
                    const int32_t in_x = in_x0 + w->dilation_w * fx;
                    dst = in_x >= 0 && in_x < s->in_w ? widen_groups(dst, row + in_x * in_c, in_c >> 2, offset_pair)
                                                      : zero_groups(dst, in_c >> 2);
                }
            }
        }
        return;
    }
    /* any other C_in: the patch as bytes first, in k order, with -input_offset (which SXTAB16
     * turns into 0) for taps outside the input and for the last group's padding; then whole
     * groups as above. -input_offset is an int8: input_offset lies in [-127, 128]. */
    {
        const int8_t outside = (int8_t)(-s->input_offset);
        int8_t *dst = col->bytes.patch;
        for (fy = 0; fy < s->filter_h; fy++) {
            const int32_t in_y = in_y0 + w->dilation_h * fy;
            const int8_t *row = in_y >= 0 && in_y < s->in_h ? s->input + in_y * s->in_w * in_c : NULL;
            if (row == NULL) {
                dst = set_bytes(dst, outside, run);
            } else if (rows_are_runs) {
                dst = copy_bytes(dst, row + in_x0 * in_c, run);
            } else {
                for (fx = 0; fx < s->filter_w; fx++) {
                    const int32_t in_x = in_x0 + w->dilation_w * fx;
                    dst = in_x >= 0 && in_x < s->in_w ? copy_bytes(dst, row + in_x * in_c, in_c)
                                                      : set_bytes(dst, outside, in_c);
                }
            }
        }
        set_bytes(dst, outside, s->groups * 4 - s->depth);
        widen_groups(slot_words, col->bytes.patch, s->groups, offset_pair);
    }
}

/* Rows of input words to widen into one column slot: `rows` runs of `groups` words, the runs
 * `row_step` bytes apart; ps_conv_widen_positions_ reads the fields in this order. */
typedef struct {
    int32_t rows, groups, row_step;
    uint32_t offset_pair;
} widen_job;

#if defined(__thumb2__)
/*
 * ps_conv_widen_positions_(words, srcs, job): for each of the POSITIONS slots whose srcs[slot]
 * is not NULL, job->rows rows from srcs[slot] on, each job->groups words of 4 input bytes,
 * widened with the offset (SXTAB16, SXTAB16 ROR 8) into the slot's column words, one group
 * (2 * POSITIONS words) after another. In assembly: gcc reloads what it cannot prove unchanged
 * after every column store (uint32_t stores may alias the shape's int32_t fields); here a group
 * is 1 load, 2 extensions and 1 STRD.
 */
void ps_conv_widen_positions_(uint32_t *words, const int8_t *const *srcs, const widen_job *job);

__asm__("    .pushsection .text.ps_conv_widen_positions_,\"ax\",%progbits\n"
        "    .syntax unified\n"
        "    .thumb\n"
        "    .p2align 2\n"
        "    .global ps_conv_widen_positions_\n"
        "    .type   ps_conv_widen_positions_, %function\n"
        "    .thumb_func\n"
        "ps_conv_widen_positions_:\n"
        "    push    {r4-r11, lr}\n"
        "    ldmia   r2, {r3-r6}\n" /* rows, groups, row_step, offset_pair */
        "    mov     r9, r0\n"      /* the slot's first column word */
        "    mov     r10, r1\n"     /* the next source */
        "    add     r0, r1, #" PS_DSP_STR(PS_CONV_POSITIONS_X4) "\n"
        "    push    {r0}\n"        /* [sp]: the sources' end */
        "    cmp     r4, #1\n"
        "    beq     .Lwiden_word_position\n"
        ".Lwiden_position:\n"
        "    ldr     r1, [r10], #4\n"
        "    cbz     r1, .Lwiden_next\n"
        "    mov     r0, r9\n"
        "    mov     r11, r3\n"
        ".Lwiden_row:\n"
        "    mov     r7, r1\n"
        "    mov     r2, r4\n"
        ".Lwiden_group:\n"
        "    ldr     r8, [r7], #4\n"
        "    sxtab16 r12, r6, r8\n"
        "    sxtab16 lr, r6, r8, ror #8\n"
        "    strd    r12, lr, [r0], #" PS_DSP_STR(PS_CONV_GROUP_BYTES) "\n"
        "    subs    r2, r2, #1\n"
        "    bne     .Lwiden_group\n"
        "    add     r1, r1, r5\n"
        "    subs    r11, r11, #1\n"
        "    bne     .Lwiden_row\n"
        ".Lwiden_next:\n"
        "    add     r9, r9, #8\n"
        "    ldr     r0, [sp]\n"
        "    cmp     r10, r0\n"
        "    bne     .Lwiden_position\n"
        "    add     sp, sp, #4\n"
        "    pop     {r4-r11, pc}\n"
        /* one group per row (padded rows): no inner loop */
        ".Lwiden_word_position:\n"
        "    ldr     r1, [r10], #4\n"
        "    cbz     r1, .Lwiden_word_next\n"
        "    mov     r0, r9\n"
        "    mov     r11, r3\n"
        ".Lwiden_word_row:\n"
        "    ldr     r8, [r1]\n"
        "    add     r1, r1, r5\n"
        "    sxtab16 r12, r6, r8\n"
        "    sxtab16 lr, r6, r8, ror #8\n"
        "    strd    r12, lr, [r0], #" PS_DSP_STR(PS_CONV_GROUP_BYTES) "\n"
        "    subs    r11, r11, #1\n"
        "    bne     .Lwiden_word_row\n"
        ".Lwiden_word_next:\n"
        "    add     r9, r9, #8\n"
        "    ldr     r0, [sp]\n"
        "    cmp     r10, r0\n"
        "    bne     .Lwiden_word_position\n"
        "    add     sp, sp, #4\n"
        "    pop     {r4-r11, pc}\n"
        "    .size   ps_conv_widen_positions_, . - ps_conv_widen_positions_\n"
        "    .popsection\n");
#else
static void ps_conv_widen_positions_(uint32_t *words, const int8_t *const *srcs, const widen_job *job)
{
    int32_t i, r;
    for (i = 0; i < POSITIONS; i++) {
        const int8_t *src = srcs[i];
        uint32_t *dst = words + 2 * i;
        if (src == NULL) {
            continue;
        }
        for (r = 0; r < job->rows; r++, src += job->row_step) {
            dst = widen_groups(dst, src, job->groups, job->offset_pair);
        }
    }
}
#endif

/*
 * Where ps_conv_widen_positions_ can take a position: its whole window inside the input, and
 * either C_in a multiple of 4 with dilation_w 1 (a filter row is KW * C_in / 4 whole groups) or
 * padded rows (one word per row, which must not reach past the input row). Those positions form
 * a rectangle oy in [oy_lo, oy_hi], ox in [ox_lo, ox_hi] (each bound is monotone in oy or ox);
 * an empty one has lo > hi. The first byte of a position's window is at
 * (oy * stride_h - pad_h) * row_bytes + ox * x_step - pad_w * C_in.
 */
typedef struct {
    int32_t oy_lo, oy_hi, ox_lo, ox_hi;
    int32_t row_bytes, x_step;
    widen_job job;
} interior;

/* Whether output row oy / column ox reads only input rows / bytes inside the input. */
static int row_inside(const conv_shape *s, int32_t oy)
{
    const int32_t in_y0 = oy * s->window->stride_h - s->window->pad_h;
    return in_y0 >= 0 && in_y0 + s->window->dilation_h * (s->filter_h - 1) < s->in_h;
}

static int column_inside(const conv_shape *s, int32_t ox, int32_t run_bytes)
{
    const int32_t x0 = (ox * s->window->stride_w - s->window->pad_w) * s->in_c;
    return x0 >= 0 && x0 + run_bytes <= s->in_w * s->in_c;
}

static void find_interior(const conv_shape *s, int32_t out_h, int32_t out_w, interior *in)
{
    const int32_t run_bytes = s->rows_padded ? 4 : s->filter_w * s->in_c;
    const int possible = s->rows_padded || ((s->in_c & 3) == 0 && s->window->dilation_w == 1);
    int32_t i;
    in->oy_lo = in->ox_lo = 0;
    in->oy_hi = in->ox_hi = -1;
    for (i = 0; possible && i < out_h; i++) {
        if (row_inside(s, i)) {
            in->oy_lo = in->oy_hi >= in->oy_lo ? in->oy_lo : i;
            in->oy_hi = i;
        }
    }
    for (i = 0; possible && i < out_w; i++) {
        if (column_inside(s, i, run_bytes)) {
            in->ox_lo = in->ox_hi >= in->ox_lo ? in->ox_lo : i;
            in->ox_hi = i;
        }
    }
    in->row_bytes = s->in_w * s->in_c;
    in->x_step = s->window->stride_w * s->in_c;
    in->job.rows = s->filter_h;
    in->job.groups = s->rows_padded ? 1 : run_bytes >> 2;
    in->job.row_step = s->window->dilation_h * s->in_w * s->in_c;
    in->job.offset_pair = s->offset_pair;
}

/* The columns of the count (<= POSITIONS) positions from (oy, ox) on, zeros in the other slots:
 * interior positions through ps_conv_widen_positions_, the others one by one. The byte offset of
 * a position's window, `at`, moves by x_step along an output row (only interior ones use it). */
static void fill_tile(columns *col, const conv_shape *s, const interior *in, int32_t oy, int32_t ox, int32_t count,
                      int32_t out_w)
{
    const int8_t *srcs[POSITIONS];
    const int8_t *input = s->input;
    const int32_t x_step = in->x_step;
    const int32_t ox_lo = in->ox_lo, ox_hi = in->ox_hi;
    int row_inside = oy >= in->oy_lo && oy <= in->oy_hi;
    int32_t at = (oy * s->window->stride_h - s->window->pad_h) * in->row_bytes +
                 (ox * s->window->stride_w - s->window->pad_w) * s->in_c;
    int32_t i;
    if (count == POSITIONS && ox + POSITIONS <= out_w && row_inside && ox >= ox_lo && ox + POSITIONS - 1 <= ox_hi) {
        /* the usual tile: one output row, every window inside the input */
        const int8_t *src = input + at;
        for (i = 0; i < POSITIONS; i++, src += x_step) {
            srcs[i] = src;
        }
        ps_conv_widen_positions_(col->words, srcs, &in->job);
        return;
    }
    for (i = 0; i < POSITIONS; i++) {
        srcs[i] = NULL;
        if (i >= count) {
            fill_column(col, s, i, -1, 0);
        } else if (row_inside && ox >= ox_lo && ox <= ox_hi) {
            srcs[i] = input + at; /* inside the input, so a valid offset */
        } else if (s->rows_padded) {
            fill_padded_rows(col, s, i, oy, ox);
        } else {
            fill_column(col, s, i, oy, ox);
        }
        at += x_step;
        if (++ox == out_w) {
            ox = 0;
            oy++;
            row_inside = oy >= in->oy_lo && oy <= in->oy_hi;
            at = (oy * s->window->stride_h - s->window->pad_h) * in->row_bytes - s->window->pad_w * s->in_c;
        }
    }
    ps_conv_widen_positions_(col->words, srcs, &in->job);
}

/* ps_requant and the bias copied out of the model, so that the compiler need not read them again
 * after every output byte it stores (an int8_t store may alias anything). */
typedef struct {
    const int32_t *bias;
    const int32_t *multipliers;
    const int32_t *shifts;
    int32_t per_channel;
    int32_t output_offset, act_min, act_max;
} requant_copy;

/*
 * The fast requantization (fast_requant): a handful of instructions per output, 4 in
 * ps_conv_tile_, when the channel's numbers allow it (the usual case: a right shift e in
 * [1, FAST_MAX_SHIFT] and |bias| <= FAST_MAX_BIAS). With v = acc + bias:
 *   - |acc| <= PS_DSP_MAX_DEPTH * 128 * 255 < 2^24, so |v| < 2^30 and 2v fits int32; and
 *     SMMULR(2v, m) = floor((2v m + 2^31) / 2^32) = floor((v m + 2^30) / 2^31), which is
 *     ps_saturating_rounding_doubling_high_mul(v, m) (m >= 0 never saturates): x, |x| < 2^30;
 *   - ps_rounding_divide_by_pot(x, e) = floor((x + 2^(e-1) - [x < 0]) / 2^e) (ties away from
 *     zero: a remainder r rounds up when r >= 2^(e-1) for x >= 0, r > 2^(e-1) for x < 0), and
 *     adding output_offset * 2^e inside the floor adds output_offset outside it. The sum stays
 *     below 2^30 + 2^20 + 2^28 in magnitude: nothing wraps;
 *   - SSAT #8 clamps to [-128, 127], which holds the activation range, so clamping to the
 *     activation range afterwards gives ps_clamp_s8_'s result.
 * `rounding` holds 2^(e-1) + output_offset * 2^e, `bias2` 2 * bias. Other channels take
 * ps_multiply_by_quantized_multiplier itself.
 */
#define FAST_MAX_SHIFT 21
#define FAST_MAX_BIAS (INT32_C(1) << 29)

typedef char fast_requant_bound_holds[(PS_DSP_MAX_DEPTH * 128 * 255 < (INT32_C(1) << 24)) ? 1 : -1];

/* A channel's fast requantization, in the order ps_conv_tile_ loads it. */
typedef struct {
    int32_t bias2, multiplier, rounding, right_shift;
} fast_requant;

/* Channels whose fast requantizations are computed at a time (on the stack: 16 B each). */
#define FAST_CHANNELS 64

/* Sets channel oc's fast requantization and returns 1, or returns 0 when its numbers are outside
 * the bounds above. */
static inline int fast_requant_of(const requant_copy *q, int32_t oc, fast_requant *f)
{
    const int32_t c = q->per_channel ? oc : 0;
    const int32_t bias = q->bias != NULL ? q->bias[oc] : 0;
    const int32_t shift = q->shifts[c];
    if (shift > -1 || shift < -FAST_MAX_SHIFT || bias > FAST_MAX_BIAS || bias < -FAST_MAX_BIAS) {
        return 0;
    }
    f->bias2 = 2 * bias;
    f->multiplier = q->multipliers[c];
    f->right_shift = -shift;
    f->rounding = (INT32_C(1) << (f->right_shift - 1)) + q->output_offset * (INT32_C(1) << f->right_shift);
    return 1;
}

/* The fast requantizations of channels first .. first + n - 1 into f[0 .. n-1]; 1 when every
 * one of them has one. */
static int fast_requants_of(const requant_copy *q, int32_t first, int32_t n, fast_requant *f)
{
    int32_t i;
    for (i = 0; i < n; i++) {
        if (!fast_requant_of(q, first + i, &f[i])) {
            return 0;
        }
    }
    return 1;
}

/* SMMULR: (a * b + 2^31) >> 32, the rounded high word of the int64 product. */
static inline int32_t smmulr(int32_t a, int32_t b)
{
    int32_t r;
    __asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}

/* SSAT #8: value clamped to [-128, 127]. */
static inline int32_t ssat8(int32_t value)
{
    int32_t r;
    __asm__("ssat %0, #8, %1" : "=r"(r) : "r"(value));
    return r;
}

/* The fast requantization of one accumulator (right shifts of negative int32 values are
 * arithmetic in gcc and clang, the compilers of the DSP builds). */
static inline int8_t fast_requantize(int32_t acc, const fast_requant *f, int32_t act_min, int32_t act_max)
{
    const int32_t x = smmulr(f->bias2 + 2 * acc, f->multiplier);
    const int32_t value = ssat8((x + (x >> 31) + f->rounding) >> f->right_shift);
    return (int8_t)(value < act_min ? act_min : (value > act_max ? act_max : value));
}

/* One group of 4 weights against the POSITIONS positions' columns (see the layout above). */
static inline void dot_group(uint32_t raw, const uint32_t *c, int32_t acc[POSITIONS])
{
    const uint32_t even = ps_dsp_sxtb16_(raw);
    const uint32_t odd = ps_dsp_sxtb16_ror8_(raw);
    int32_t s;
    for (s = 0; s < POSITIONS; s++) {
        acc[s] = ps_dsp_smlad_(odd, c[2 * s + 1], ps_dsp_smlad_(even, c[2 * s], acc[s]));
    }
}

/* A whole tile: `channels` consecutive output channels over all POSITIONS positions of the
 * columns, D = 4 * groups (groups >= 1), every channel with a fast requantization. ps_conv_tile_
 * reads the fields at these offsets (checked below). */
typedef struct {
    int32_t groups;
    int32_t channels;
    int8_t *out;                  /* the first channel's output at position 0 */
    int32_t stride;               /* bytes between two positions' outputs (C_out) */
    int32_t clamp;                /* 0 when the activation range is [-128, 127] (SSAT's) */
    int32_t act_min, act_max;
    const fast_requant *requant;  /* one per channel */
} tile_job;

typedef char tile_job_layout_is_the_assembly_s[(offsetof(tile_job, stride) == 12 && offsetof(tile_job, clamp) == 16 &&
                                                offsetof(tile_job, act_min) == 20 && offsetof(tile_job, requant) == 28 &&
                                                sizeof(void *) == 4 && sizeof(fast_requant) == 16)
                                                   ? 1
                                                   : -1];

#if defined(__thumb2__)
/*
 * ps_conv_tile_(columns, weights, job): for each of job->channels channels (their weights one
 * after the other from `weights`, 4 * job->groups bytes each), the 6 positions' sums of products
 * against the columns, requantized as fast_requantize does and stored to job->out.
 *
 * Assembly, because the loop wants 14 registers, more than gcc gives an inline asm statement:
 * r0-r3 column words, r4-r9 the accumulators, r10 raw then odd weights, r11 even weights, r12
 * the columns, lr the weights. Per group of 4 weights: 1 weight load, 2 SXTB16, 3 LDMs of 4
 * column words and 12 SMLAD (24 multiply-accumulates), 18 instructions of 4 bytes; PS_CONV_UNROLL
 * groups per turn of the loop, entered part-way (Duff's device) when groups is not a multiple of 8, and left
 * when the columns pointer reaches their end. The channel's state lives in an 80-byte frame:
 *   [sp..#20] six zeros and [sp,#32] the columns (one LDM restarts a channel: r4-r9, r12),
 *   [sp,#40] loop entry, [sp,#48] next fast_requant, [sp,#52] next channel's output, [sp,#56]
 *   stride, [sp,#60] the outputs' end, [sp,#64] clamp, [sp,#68] act_min, act_max,
 *   [sp,#76] the columns' end.
 * The requantization of an accumulator a (r0-r3: bias2, multiplier, rounding, right_shift):
 *   v2 = bias2 + 2a;  t = SMMLAR(v2, multiplier, rounding) = x + rounding;  t += v2 >> 31;
 *   out = SSAT8(t >> right_shift)  (one SSAT with its shift, from a block per right_shift)
 * which is fast_requantize's with [v < 0] for [x < 0]: they differ only when v < 0 and x = 0,
 * where both give floor((2^(e-1) - 1 or 2^(e-1)) / 2^e) = 0 plus output_offset.
 */
void ps_conv_tile_(const uint32_t *columns, const int8_t *weights, const tile_job *job);

/* Groups per turn of the loop (a power of 2): 32 turns most layers' loops into one pass, for
 * 32 * 72 = 2304 bytes of code. */
#define PS_CONV_UNROLL 32
#define PS_CONV_UNROLL_MASK 31

#define PS_CONV_TILE_GROUP                      \
    "    ldr.w   r10, [lr], #4\n"               \
    "    sxtb16  r11, r10\n"                    \
    "    sxtb16  r10, r10, ror #8\n"            \
    "    ldmia.w r12!, {r0-r3}\n"               \
    "    smlad   r4, r11, r0, r4\n"             \
    "    smlad   r4, r10, r1, r4\n"             \
    "    smlad   r5, r11, r2, r5\n"             \
    "    smlad   r5, r10, r3, r5\n"             \
    "    ldmia.w r12!, {r0-r3}\n"               \
    "    smlad   r6, r11, r0, r6\n"             \
    "    smlad   r6, r10, r1, r6\n"             \
    "    smlad   r7, r11, r2, r7\n"             \
    "    smlad   r7, r10, r3, r7\n"             \
    "    ldmia.w r12!, {r0-r3}\n"               \
    "    smlad   r8, r11, r0, r8\n"             \
    "    smlad   r8, r10, r1, r8\n"             \
    "    smlad   r9, r11, r2, r9\n"             \
    "    smlad   r9, r10, r3, r9\n"

#define PS_CONV_TILE_REQUANTIZE(r)                       \
    "    add     r11, r0, " r ", lsl #1\n"              \
    "    smmlar  " r ", r11, r1, r2\n"                  \
    "    add     " r ", " r ", r11, asr #31\n"

/* the right shift by e and SSAT #8 in one instruction per accumulator: a block per e in
 * [1, FAST_MAX_SHIFT], chosen by TBH */
typedef char shift_blocks_cover_the_fast_shifts[(FAST_MAX_SHIFT == 21) ? 1 : -1];
#define PS_CONV_TILE_SHIFT_BLOCK(e)                      \
    ".Ltile_shift_" #e ":\n"                            \
    "    ssat    r4, #8, r4, asr #" #e "\n"             \
    "    ssat    r5, #8, r5, asr #" #e "\n"             \
    "    ssat    r6, #8, r6, asr #" #e "\n"             \
    "    ssat    r7, #8, r7, asr #" #e "\n"             \
    "    ssat    r8, #8, r8, asr #" #e "\n"             \
    "    ssat    r9, #8, r9, asr #" #e "\n"             \
    "    b       .Ltile_clamp\n"

/* the activation range (r2, r3) */
#define PS_CONV_TILE_CLAMP(r)                             \
    "    cmp     " r ", r2\n"                             \
    "    it      lt\n"                                    \
    "    movlt   " r ", r2\n"                             \
    "    cmp     " r ", r3\n"                             \
    "    it      gt\n"                                    \
    "    movgt   " r ", r3\n"

__asm__("    .pushsection .text.ps_conv_tile_,\"ax\",%progbits\n"
        "    .syntax unified\n"
        "    .thumb\n"
        "    .p2align 2\n"
        "    .global ps_conv_tile_\n"
        "    .type   ps_conv_tile_, %function\n"
        "    .thumb_func\n"
        "ps_conv_tile_:\n"
        "    push    {r4-r11, lr}\n"
        "    sub     sp, sp, #80\n"
        "    str     r0, [sp, #32]\n"
        "    mov     lr, r1\n"
        "    ldr     r3, [r2, #0]\n" /* groups */
        "    add     r4, r3, r3, lsl #1\n"
        "    add     r4, r0, r4, lsl #4\n"
        "    str     r4, [sp, #76]\n" /* the columns' end: groups * 48 bytes on */
        "    and     r1, r3, #" PS_DSP_STR(PS_CONV_UNROLL_MASK) "\n"
        "    rsb     r1, r1, #" PS_DSP_STR(PS_CONV_UNROLL) "\n"
        "    and     r1, r1, #" PS_DSP_STR(PS_CONV_UNROLL_MASK) "\n" /* groups the first turn skips */
        "    lsls    r0, r1, #6\n"
        "    add     r0, r0, r1, lsl #3\n" /* times 72 bytes */
        "    adr     r1, .Ltile_loop\n"
        "    add     r0, r0, r1\n"
        "    orr     r0, r0, #1\n"
        "    str     r0, [sp, #40]\n"
        "    ldr     r0, [r2, #28]\n"
        "    str     r0, [sp, #48]\n"
        "    ldrd    r0, r1, [r2, #8]\n"
        "    strd    r0, r1, [sp, #52]\n" /* out, stride */
        "    ldr     r3, [r2, #4]\n"
        "    add     r3, r3, r0\n"
        "    str     r3, [sp, #60]\n" /* the outputs' end: one byte per channel */
        "    ldr     r0, [r2, #16]\n"
        "    str     r0, [sp, #64]\n"
        "    ldrd    r0, r1, [r2, #20]\n"
        "    strd    r0, r1, [sp, #68]\n"
        "    movs    r4, #0\n"
        "    movs    r5, #0\n"
        "    movs    r6, #0\n"
        "    movs    r7, #0\n"
        "    movs    r8, #0\n"
        "    movs    r9, #0\n"
        "    stmia   sp, {r4-r9}\n" /* the zeros each channel's accumulators start from */
        ".Ltile_channel:\n"
        "    ldmia   sp, {r4-r12}\n" /* r4-r9 = 0, r12 = columns (r10, r11: don't care) */
        "    ldr     r0, [sp, #40]\n"
        "    bx      r0\n"
        "    .p2align 2\n"
        ".Ltile_loop:\n"
        "    .rept " PS_DSP_STR(PS_CONV_UNROLL) "\n" PS_CONV_TILE_GROUP "    .endr\n"
        ".Ltile_loop_end:\n"
        "    .if .Ltile_loop_end - .Ltile_loop != " PS_DSP_STR(PS_CONV_UNROLL) " * 72\n"
        "    .error \"a group of ps_conv_tile_ is not 72 bytes: the computed loop entry is wrong\"\n"
        "    .endif\n"
        "    ldr     r0, [sp, #76]\n"
        "    cmp     r12, r0\n"
        "    bne     .Ltile_loop\n"
        "    ldr     r10, [sp, #48]\n"
        "    ldmia   r10!, {r0-r3}\n"
        "    str     r10, [sp, #48]\n" PS_CONV_TILE_REQUANTIZE("r4") PS_CONV_TILE_REQUANTIZE("r5")
            PS_CONV_TILE_REQUANTIZE("r6") PS_CONV_TILE_REQUANTIZE("r7") PS_CONV_TILE_REQUANTIZE("r8")
                PS_CONV_TILE_REQUANTIZE("r9")
        "    tbh     [pc, r3, lsl #1]\n"
        ".Ltile_shift_table:\n"
        "    .hword  0\n" /* right_shift 0: never */
        "    .irp    e, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21\n"
        "    .hword  (.Ltile_shift_\\e - .Ltile_shift_table) / 2\n"
        "    .endr\n"
        PS_CONV_TILE_SHIFT_BLOCK(1) PS_CONV_TILE_SHIFT_BLOCK(2) PS_CONV_TILE_SHIFT_BLOCK(3)
        PS_CONV_TILE_SHIFT_BLOCK(4) PS_CONV_TILE_SHIFT_BLOCK(5) PS_CONV_TILE_SHIFT_BLOCK(6)
        PS_CONV_TILE_SHIFT_BLOCK(7) PS_CONV_TILE_SHIFT_BLOCK(8) PS_CONV_TILE_SHIFT_BLOCK(9)
        PS_CONV_TILE_SHIFT_BLOCK(10) PS_CONV_TILE_SHIFT_BLOCK(11) PS_CONV_TILE_SHIFT_BLOCK(12)
        PS_CONV_TILE_SHIFT_BLOCK(13) PS_CONV_TILE_SHIFT_BLOCK(14) PS_CONV_TILE_SHIFT_BLOCK(15)
        PS_CONV_TILE_SHIFT_BLOCK(16) PS_CONV_TILE_SHIFT_BLOCK(17) PS_CONV_TILE_SHIFT_BLOCK(18)
        PS_CONV_TILE_SHIFT_BLOCK(19) PS_CONV_TILE_SHIFT_BLOCK(20) PS_CONV_TILE_SHIFT_BLOCK(21)
        ".Ltile_clamp:\n"
        "    ldr     r0, [sp, #64]\n"
        "    cbz     r0, .Ltile_store\n"
        "    ldrd    r2, r3, [sp, #68]\n" PS_CONV_TILE_CLAMP("r4") PS_CONV_TILE_CLAMP("r5") PS_CONV_TILE_CLAMP("r6")
            PS_CONV_TILE_CLAMP("r7") PS_CONV_TILE_CLAMP("r8") PS_CONV_TILE_CLAMP("r9")
        ".Ltile_store:\n"
        "    ldrd    r0, r1, [sp, #52]\n"
        "    adds    r2, r0, #1\n"
        "    str     r2, [sp, #52]\n"
        "    strb    r4, [r0]\n"
        "    strb    r5, [r0, r1]\n"
        "    add     r0, r0, r1, lsl #1\n"
        "    strb    r6, [r0]\n"
        "    strb    r7, [r0, r1]\n"
        "    add     r0, r0, r1, lsl #1\n"
        "    strb    r8, [r0]\n"
        "    strb    r9, [r0, r1]\n"
        "    ldr     r3, [sp, #60]\n"
        "    cmp     r2, r3\n"
        "    bne     .Ltile_channel\n"
        "    add     sp, sp, #80\n"
        "    pop     {r4-r11, pc}\n"
        "    .size   ps_conv_tile_, . - ps_conv_tile_\n"
        "    .popsection\n");
#else
/* The same steps in C, for a DSP build that is not Thumb-2. */
static void ps_conv_tile_(const uint32_t *columns, const int8_t *weights, const tile_job *job)
{
    int32_t oc, g, s;
    for (oc = 0; oc < job->channels; oc++) {
        int32_t acc[POSITIONS] = {0, 0, 0, 0, 0, 0};
        for (g = 0; g < job->groups; g++) {
            dot_group(ps_dsp_read_u32_(weights + 4 * g), columns + g * 2 * POSITIONS, acc);
        }
        weights += 4 * job->groups;
        for (s = 0; s < POSITIONS; s++) {
            job->out[oc + s * job->stride] = fast_requantize(acc[s], &job->requant[oc], job->act_min, job->act_max);
        }
    }
}
#endif

/*
 * Output channel oc over the `count` (<= POSITIONS) positions of the columns, written from `out`
 * on, `stride` bytes apart, in C: for the tiles and channels ps_conv_tile_ does not take (the
 * last tile of a layer whose positions are not a multiple of POSITIONS, depths not a multiple of
 * 4, channels without a fast requantization).
 */
static void convolve_channel(const columns *col, const int8_t *weights, int32_t depth, const requant_copy *q,
                             int32_t oc, int8_t *out, int32_t stride, int32_t count)
{
    const int32_t groups = depth >> 2;
    int32_t acc[POSITIONS] = {0, 0, 0, 0, 0, 0};
    fast_requant f;
    int32_t g, i;
    for (g = 0; g < groups; g++) {
        dot_group(ps_dsp_read_u32_(weights + 4 * g), col->words + g * 2 * POSITIONS, acc);
    }
    weights += groups * 4;
    if ((depth & 3) != 0) {
        /* the last 1-3 weights, read byte by byte (the bytes after them may lie beyond the
         * filter); the missing lanes are 0 and meet the columns' zero padding */
        uint32_t raw = (uint8_t)weights[0];
        if ((depth & 3) > 1) {
            raw |= (uint32_t)(uint8_t)weights[1] << 8;
        }
        if ((depth & 3) > 2) {
            raw |= (uint32_t)(uint8_t)weights[2] << 16;
        }
        dot_group(raw, col->words + groups * 2 * POSITIONS, acc);
    }
    if (fast_requant_of(q, oc, &f)) {
        for (i = 0; i < count; i++) {
            out[i * stride] = fast_requantize(acc[i], &f, q->act_min, q->act_max);
        }
    } else {
        const int32_t c = q->per_channel ? oc : 0;
        const int32_t bias = q->bias != NULL ? q->bias[oc] : 0; /* adding 0 changes nothing */
        for (i = 0; i < count; i++) {
            int32_t value = ps_fixedpoint_add_wrap_i32_(acc[i], bias);
            value = ps_multiply_by_quantized_multiplier(value, q->multipliers[c], (int)q->shifts[c]);
            value = ps_fixedpoint_add_wrap_i32_(value, q->output_offset);
            out[i * stride] = ps_clamp_s8_(value, q->act_min, q->act_max);
        }
    }
}

int ps_conv_s8_dsp_(const ps_conv_params *params, const ps_dims *input_dims, const int8_t *input,
                    const ps_dims *output_dims, int8_t *output)
{
    columns col;
    conv_shape s;
    interior inner;
    const ps_requant *requant = &params->requant;
    const int32_t out_h = output_dims->h;
    const int32_t out_w = output_dims->w;
    const int32_t out_c = output_dims->c;
    const int32_t positions = out_h * out_w; /* fits int32: the output's count does */
    const int8_t *filter = params->filter; /* or its padded copy */
    requant_copy q;
    fast_requant requants[FAST_CHANNELS];
    int32_t loaded = -1; /* the first channel whose requantizations `requants` holds */
    int all_fast = 0;
    tile_job job;
    int32_t b, p0, oc0, oc;

    s.in_h = input_dims->h;
    s.in_w = input_dims->w;
    s.in_c = input_dims->c;
    s.filter_h = params->filter_dims.h;
    s.filter_w = params->filter_dims.w;
    s.depth = s.filter_h * s.filter_w * s.in_c; /* <= PS_MAX_ACCUMULATION_DEPTH, checked */
    s.groups = (s.depth + 3) >> 2;
    s.window = &params->window;
    s.input_offset = requant->input_offset;
    s.offset_pair = ps_dsp_pack_pair_(requant->input_offset);
    if (s.depth > PS_DSP_MAX_DEPTH) {
        return 0;
    }
    /* short filter rows: one padded group per row (fill_padded_rows), the filter copied so */
    s.rows_padded = (s.in_c & 3) != 0 && s.filter_w * s.in_c <= 4 && params->window.dilation_w == 1 &&
                    out_c * s.filter_h * 4 <= PS_DSP_MAX_DEPTH;
    if (s.rows_padded) {
        int32_t r, k;
        int8_t *dst = col.bytes.padded_weights;
        for (r = 0; r < out_c * s.filter_h; r++) {
            for (k = 0; k < 4; k++) {
                *dst++ = k < s.filter_w * s.in_c ? filter[r * s.filter_w * s.in_c + k] : 0;
            }
        }
        filter = col.bytes.padded_weights;
        s.depth = s.filter_h * 4;
        s.groups = s.filter_h;
    }
    q.bias = params->bias;
    q.multipliers = requant->multipliers;
    q.shifts = requant->shifts;
    q.per_channel = requant->channels != 1;
    q.output_offset = requant->output_offset;
    q.act_min = requant->act_min;
    q.act_max = requant->act_max;

    find_interior(&s, out_h, out_w, &inner);
    job.groups = s.depth >> 2;
    job.stride = out_c;
    job.clamp = q.act_min != INT8_MIN || q.act_max != INT8_MAX;
    job.act_min = q.act_min;
    job.act_max = q.act_max;
    job.requant = requants;
    for (b = 0; b < input_dims->n; b++) {
        int8_t *out_b = output + (size_t)b * (size_t)positions * (size_t)out_c;
        int32_t oy = 0, ox = 0; /* position p0's */
        s.input = input + (size_t)b * (size_t)s.in_h * (size_t)s.in_w * (size_t)s.in_c;
        for (p0 = 0; p0 < positions; p0 += POSITIONS) {
            const int32_t count = positions - p0 < POSITIONS ? positions - p0 : POSITIONS;
            fill_tile(&col, &s, &inner, oy, ox, count, out_w);
            for (oc0 = 0; oc0 < out_c; oc0 += FAST_CHANNELS) {
                const int32_t n = out_c - oc0 < FAST_CHANNELS ? out_c - oc0 : FAST_CHANNELS;
                int8_t *out = out_b + (size_t)p0 * (size_t)out_c + (size_t)oc0;
                if (loaded != oc0) {
                    all_fast = fast_requants_of(&q, oc0, n, requants);
                    loaded = oc0;
                }
                if (all_fast && count == POSITIONS && (s.depth & 3) == 0) {
                    job.channels = n;
                    job.out = out;
                    ps_conv_tile_(col.words, filter + (size_t)oc0 * (size_t)s.depth, &job);
                } else {
                    for (oc = oc0; oc < oc0 + n; oc++) {
                        convolve_channel(&col, filter + (size_t)oc * (size_t)s.depth, s.depth, &q, oc,
                                         out + (oc - oc0), out_c, count);
                    }
                }
            }
            for (ox += POSITIONS; ox >= out_w; ox -= out_w) {
                oy++;
            }
        }
    }
    return 1;
}

#endif /* PS_DSP_KERNELS */
