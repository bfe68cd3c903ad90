package dev.pawscope.quantize;

import java.util.SplittableRandom;

/** Random int32 test inputs biased toward the places where fixed-point code goes wrong. */
final class Int32Inputs {

    static final int[] EDGES = {
        Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Integer.MIN_VALUE + 2, -(1 << 30) - 1, -(1 << 30),
        -(1 << 30) + 1, -(1 << 16), -255, -128, -3, -2, -1, 0, 1, 2, 3, 127, 255, 1 << 16,
        (1 << 30) - 1, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE - 1, Integer.MAX_VALUE,
    };

    private final SplittableRandom random;

    Int32Inputs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Uniform, small, edge, and power-of-two-neighbour values in roughly equal parts. */
    int next() {
        switch (random.nextInt(5)) {
            case 0:
                return random.nextInt();
            case 1:
                return random.nextInt(-1024, 1025);
            case 2:
                return EDGES[random.nextInt(EDGES.length)];
            case 3: {
                int powerOfTwo = 1 << random.nextInt(31);
                int value = powerOfTwo + random.nextInt(-2, 3);
                return random.nextBoolean() ? value : -value;
            }
            default:
                // Accumulator-sized values, the range real kernels requantize.
                return random.nextInt(-(1 << 24), 1 << 24);
        }
    }

    /** An odd multiple of 2^(power) in int32, with a random sign. */
    int oddMultipleOfPowerOfTwo(int power) {
        int odd = power >= 30 ? 1 : (random.nextInt(1 << (30 - power)) << 1) | 1;
        int value = odd << power;
        return random.nextBoolean() ? value : -value;
    }

    int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    boolean nextBoolean() {
        return random.nextBoolean();
    }
}
