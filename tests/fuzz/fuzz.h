/* Shared by the fuzz targets: the libFuzzer entry point they each define,
 * declared here so the plain replay main (replay_main.c) can call it. */
#ifndef BK_FUZZ_H
#define BK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The arena limit every target uses: small enough that a runaway input
 * fails fast inside the fuzzer's memory budget, large enough for the
 * sample data files in the corpus. */
#define BK_FUZZ_ARENA_LIMIT ((size_t)64 * 1024 * 1024)

#endif
