/* briefkit version and plugin ABI version.
 *
 * Two numbers matter to a plugin author: BK_ABI_MAJOR and BK_ABI_MINOR.
 * A minor version only appends: new slots at the end of bk_host, new fields at
 * the end of bk_plugin, new enum values. A plugin built for ABI 1.m loads in
 * every host 1.n with n >= m. Anything else (a removed or reordered field, a
 * changed signature) is a new major, and the entry symbol's name changes with
 * it (briefkit_plugin_v1 -> briefkit_plugin_v2). */
#ifndef BRIEFKIT_VERSION_H
#define BRIEFKIT_VERSION_H

#define BK_VERSION_MAJOR 0
#define BK_VERSION_MINOR 1
#define BK_VERSION_PATCH 0
#define BK_VERSION_STRING "0.1.0"
#define BK_VERSION_HEX ((BK_VERSION_MAJOR << 16) | (BK_VERSION_MINOR << 8) | BK_VERSION_PATCH)

#define BK_ABI_MAJOR 1
#define BK_ABI_MINOR 1

#if defined(__GNUC__)
#define BK_EXPORT __attribute__((visibility("default")))
#define BK_HIDDEN __attribute__((visibility("hidden")))
#define BK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define BK_EXPORT
#define BK_HIDDEN
#define BK_PRINTF(f, a)
#endif

/* Pins an ABI offset at compile time, in C11 and in C++. */
#ifdef __cplusplus
#define BK_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define BK_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/* BK_API marks what libbriefkit exports; everything else is hidden. */
#ifdef BK_BUILDING_LIBRARY
#define BK_API BK_EXPORT
#else
#define BK_API
#endif

#endif
