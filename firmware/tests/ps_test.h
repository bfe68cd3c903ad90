/*
 * ps_test.h - a tiny assert-style harness for the host-side C tests.
 *
 * Every check counts as passed or failed; nothing aborts, so one run shows
 * every mismatch (up to PS_TEST_MAX_REPORTED of them, then only counts).
 * A test program ends with `return ps_test_summary();`, which prints
 * "N passed, M failed" and yields a non-zero exit status on any failure or
 * when nothing was checked at all (a test that checks nothing cannot fail).
 *
 * Host-only: uses stdio. Include from exactly one translation unit.
 */
#ifndef PS_TEST_H
#define PS_TEST_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#define PS_TEST_MAX_REPORTED 25

static long ps_test_passed_;
static long ps_test_failed_;

/* Records one failure; the message says what was checked and where. */
static void ps_test_fail(const char *file, int line, const char *fmt, ...)
{
    ps_test_failed_++;
    if (ps_test_failed_ <= PS_TEST_MAX_REPORTED) {
        va_list args;
        va_start(args, fmt);
        fprintf(stderr, "FAIL %s:%d: ", file, line);
        vfprintf(stderr, fmt, args);
        fputc('\n', stderr);
        va_end(args);
    } else if (ps_test_failed_ == PS_TEST_MAX_REPORTED + 1) {
        fprintf(stderr, "(further failures are counted but not printed)\n");
    }
}

static void ps_test_pass(void)
{
    ps_test_passed_++;
}

/* Checks expected == actual for int32 values; `what` names the case. */
static void ps_test_expect_eq_i32(const char *file, int line, const char *what, int32_t expected,
                                  int32_t actual)
{
    if (expected == actual) {
        ps_test_pass();
    } else {
        ps_test_fail(file, line, "%s: expected %" PRId32 ", found %" PRId32, what, expected,
                     actual);
    }
}

#define PS_EXPECT_EQ_I32(what, expected, actual) \
    ps_test_expect_eq_i32(__FILE__, __LINE__, (what), (expected), (actual))

#define PS_EXPECT_TRUE(what, condition)                                  \
    ((condition) ? ps_test_pass()                                         \
                 : ps_test_fail(__FILE__, __LINE__, "%s: expected true (%s)", (what), #condition))

/* Prints the tally; returns the process exit status. */
static int ps_test_summary(void)
{
    printf("%ld passed, %ld failed\n", ps_test_passed_, ps_test_failed_);
    if (ps_test_passed_ + ps_test_failed_ == 0) {
        fprintf(stderr, "FAIL: no checks ran\n");
        return 1;
    }
    return ps_test_failed_ == 0 ? 0 : 1;
}

#endif /* PS_TEST_H */
