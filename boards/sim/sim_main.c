/*
 * The simulated board: the firmware core (firmware/src) with a POSIX port. The serial link is a
 * pseudo-terminal (its slave path is printed as "port: /dev/pts/N"); the camera plays a reel of
 * grayscale frames (written by the host, see CameraReel.java) in a loop.
 *
 *   pawscope-sim --reel FILE [--fps F] [--link PATH]
 *
 * SIGINT/SIGTERM stop it cleanly: the link is removed and the port closed. SIGUSR1 resets the
 * board the way a reset button does on a board behind a USB-UART bridge: the firmware starts
 * again (boot configuration, uptime and sequence numbers from zero) while the port stays open.
 */
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ps_app.h"
#include "ps_generated_model.h"
#include "sim_reel.h"

static volatile sig_atomic_t stop_requested = 0;

static volatile sig_atomic_t reset_requested = 0;

static void on_signal(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static void on_reset(int signal_number)
{
    (void)signal_number;
    reset_requested = 1;
}

typedef struct {
    int master;
    sim_reel reel;
    double fps;
    uint32_t next_frame_us;
    int32_t next_frame;
} sim_board;

static uint32_t sim_now_us(void *context)
{
    struct timespec ts;
    (void)context;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
}

static size_t sim_write(void *context, const uint8_t *data, size_t len)
{
    sim_board *board = context;
    ssize_t n = write(board->master, data, len);
    return n > 0 ? (size_t)n : 0; /* EAGAIN: the host is not reading; the app drops or retries */
}

static size_t sim_read(void *context, uint8_t *data, size_t max)
{
    sim_board *board = context;
    ssize_t n = read(board->master, data, max);
    return n > 0 ? (size_t)n : 0;
}

static int sim_camera_grab(void *context, uint8_t *pixels, int32_t width, int32_t height)
{
    sim_board *board = context;
    uint32_t now = sim_now_us(context);
    if (board->fps <= 0 || (int32_t)(now - board->next_frame_us) < 0) {
        return 0;
    }
    board->next_frame_us = now + (uint32_t)(1e6 / board->fps);
    if (!sim_reel_frame(&board->reel, board->next_frame, pixels, width, height)) {
        return 0;
    }
    board->next_frame = (board->next_frame + 1) % board->reel.count;
    return 1;
}

/* The pty in raw mode: no echo, no line editing, no CR/LF translation. */
static int open_pty(int *slave_out, char *name, size_t name_size)
{
    struct termios tio;
    int slave;
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 || ptsname(master) == NULL) {
        return -1;
    }
    snprintf(name, name_size, "%s", ptsname(master));
    /* Keeping the slave open ourselves means the link survives host disconnects (no EIO). */
    slave = open(name, O_RDWR | O_NOCTTY);
    if (slave < 0 || tcgetattr(slave, &tio) != 0) {
        return -1;
    }
    cfmakeraw(&tio);
    if (tcsetattr(slave, TCSANOW, &tio) != 0) {
        return -1;
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    *slave_out = slave;
    return master;
}

static int usage(const char *message)
{
    fprintf(stderr, "error: %s\nusage: pawscope-sim --reel FILE [--fps F] [--link PATH]\n", message);
    return 2;
}

int main(int argc, char **argv)
{
    static int8_t arena[PS_MODEL_ARENA_BYTES];
    static uint8_t pixels[PS_MODEL_INPUT_HEIGHT * PS_MODEL_INPUT_WIDTH * PS_MODEL_INPUT_CHANNELS];
    static ps_app app;
    const char *reel_path = NULL;
    const char *link_path = NULL;
    char port_name[128];
    sim_board board;
    ps_port port;
    struct sigaction action;
    int slave = -1;
    int i;

    memset(&board, 0, sizeof board);
    board.fps = 5;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reel") == 0 && i + 1 < argc) {
            reel_path = argv[++i];
        } else if (strcmp(argv[i], "--fps") == 0 && i + 1 < argc) {
            board.fps = atof(argv[++i]);
        } else if (strcmp(argv[i], "--link") == 0 && i + 1 < argc) {
            link_path = argv[++i];
        } else {
            return usage("unknown argument");
        }
    }
    if (reel_path == NULL) {
        return usage("--reel is required");
    }
    if (!sim_reel_load(&board.reel, reel_path, PS_MODEL_INPUT_WIDTH, PS_MODEL_INPUT_HEIGHT)) {
        fprintf(stderr, "error: %s\n", board.reel.error);
        return 3;
    }
    board.master = open_pty(&slave, port_name, sizeof port_name);
    if (board.master < 0) {
        fprintf(stderr, "error: cannot open a pseudo-terminal: %s\n", strerror(errno));
        return 4;
    }
    if (link_path != NULL) {
        unlink(link_path); /* a stale link from an earlier run */
        if (symlink(port_name, link_path) != 0) {
            fprintf(stderr, "error: cannot link %s -> %s: %s\n", link_path, port_name, strerror(errno));
            return 4;
        }
    }
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    action.sa_handler = on_reset;
    sigaction(SIGUSR1, &action, NULL);
    signal(SIGPIPE, SIG_IGN);

    port.board_id = "sim";
    port.context = &board;
    port.write = sim_write;
    port.read = sim_read;
    port.now_us = sim_now_us;
    port.camera_grab = sim_camera_grab;
    port.instructions = NULL;
    board.next_frame_us = sim_now_us(&board);
    if (ps_app_init(&app, &ps_generated_model, &port, arena, sizeof arena, pixels, sizeof pixels) != PS_OK) {
        fprintf(stderr, "error: the model does not fit this firmware (arena or layer sizes)\n");
        return 3;
    }

    printf("port: %s\n", port_name);
    printf("model %s, %ld frames in the camera reel, %.1f frames/s\n", PS_MODEL_NAME, (long)board.reel.count,
           board.fps);
    fflush(stdout);
    while (!stop_requested) {
        struct pollfd pfd;
        if (reset_requested) {
            reset_requested = 0;
            /* the same init as at power-on; it cannot fail now, as it did not fail then */
            (void)ps_app_init(&app, &ps_generated_model, &port, arena, sizeof arena, pixels, sizeof pixels);
            printf("reset\n");
            fflush(stdout);
        }
        ps_app_poll(&app);
        pfd.fd = board.master;
        pfd.events = (short)(POLLIN | (ps_app_tx_pending(&app) > 0 ? POLLOUT : 0));
        poll(&pfd, 1, 2); /* wake for host bytes, room to write, or every 2 ms for the camera */
    }
    if (link_path != NULL) {
        unlink(link_path);
    }
    close(slave);
    close(board.master);
    sim_reel_free(&board.reel);
    printf("stopped\n");
    return 0;
}
