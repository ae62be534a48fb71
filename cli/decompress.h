/* SPDX-License-Identifier: GPL-2.0 */
/* In-memory decompression of kernel module files (.ko, .ko.xz, .ko.zst, .ko.gz). */
#ifndef KSCTL_DECOMPRESS_H
#define KSCTL_DECOMPRESS_H

#include <stddef.h>

/* Largest decompressed module accepted; the biggest Debian module is far smaller. */
#define MODULE_IMAGE_MAX (256u << 20)

/*
 * Decompress @size bytes at @input, whose format is given by its magic
 * bytes: xz, zstd, gzip, or an uncompressed ELF file (copied). On success
 * *image is a malloc'd buffer of *image_size bytes. Returns 0, -EBADMSG for
 * corrupt data, -EFBIG beyond MODULE_IMAGE_MAX, or -ENOTSUP for an unknown
 * format.
 */
int decompress_image(const unsigned char *input, size_t size,
		     unsigned char **image, size_t *image_size);

/* Read module file @path and decompress it as decompress_image() does. */
int module_image_read(const char *path, unsigned char **image, size_t *image_size);

#endif /* KSCTL_DECOMPRESS_H */
