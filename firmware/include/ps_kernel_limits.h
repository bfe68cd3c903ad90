/*
 * ps_kernel_limits.h - the size limits the int8 kernels check before they compute.
 */
#ifndef PS_KERNEL_LIMITS_H
#define PS_KERNEL_LIMITS_H

/*
 * The most int8 x int8 products one int32 accumulator may sum: KH*KW*C_in for CONV_2D, KH*KW
 * for DEPTHWISE_CONV_2D and AVERAGE_POOL_2D (window taps), depth for FULLY_CONNECTED.
 * |weight| <= 128 and |input + input_offset| <= 255 (input in [-128, 127], input_offset in
 * [-127, 128]), so each product is at most 32640 in magnitude and 2^16 of them at most
 * 2,139,095,040 < 2^31 - 1. A larger layer gets PS_ERR_UNSUPPORTED.
 */
#define PS_MAX_ACCUMULATION_DEPTH 65536

#endif /* PS_KERNEL_LIMITS_H */
