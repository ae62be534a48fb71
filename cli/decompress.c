// SPDX-License-Identifier: GPL-2.0
/*
 * Module decompression with liblzma, libzstd and zlib. Debian 12 ships its
 * 6.1 and 6.12 modules as .ko.xz, other distributions use zstd or gzip,
 * and the VM bench decompresses its modules to plain .ko.
 */
#include <errno.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "decompress.h"
#include "ksctl.h"

/* Output buffer that grows up to MODULE_IMAGE_MAX. */
struct image_buf {
	unsigned char *data;
	size_t len;
	size_t cap;
};

static int image_buf_grow(struct image_buf *buf)
{
	size_t cap = buf->cap ? buf->cap * 2 : (1u << 20);

	if (buf->cap >= MODULE_IMAGE_MAX)
		return -EFBIG;
	if (cap > MODULE_IMAGE_MAX)
		cap = MODULE_IMAGE_MAX;
	buf->data = xrealloc(buf->data, cap);
	buf->cap = cap;
	return 0;
}

static int decompress_xz(const unsigned char *input, size_t size, struct image_buf *out)
{
	lzma_stream stream = LZMA_STREAM_INIT;
	lzma_ret status;
	int ret = 0;

	if (lzma_stream_decoder(&stream, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return -ENOMEM;
	stream.next_in = input;
	stream.avail_in = size;

	do {
		if (out->len == out->cap) {
			ret = image_buf_grow(out);
			if (ret)
				break;
		}
		stream.next_out = out->data + out->len;
		stream.avail_out = out->cap - out->len;
		status = lzma_code(&stream, LZMA_FINISH);
		out->len = out->cap - stream.avail_out;
		if (status != LZMA_OK && status != LZMA_STREAM_END) {
			ret = status == LZMA_MEM_ERROR ? -ENOMEM : -EBADMSG;
			break;
		}
	} while (status != LZMA_STREAM_END);

	lzma_end(&stream);
	return ret;
}

static int decompress_zstd(const unsigned char *input, size_t size, struct image_buf *out)
{
	ZSTD_inBuffer in = { input, size, 0 };
	ZSTD_DStream *stream;
	size_t status = 1;
	int ret = 0;

	stream = ZSTD_createDStream();
	if (!stream)
		return -ENOMEM;

	/* status 0 means a frame ended; stop once all input is consumed then. */
	while (in.pos < in.size || status != 0) {
		ZSTD_outBuffer zout;

		if (out->len == out->cap) {
			ret = image_buf_grow(out);
			if (ret)
				break;
		}
		zout.dst = out->data;
		zout.size = out->cap;
		zout.pos = out->len;
		status = ZSTD_decompressStream(stream, &zout, &in);
		out->len = zout.pos;
		if (ZSTD_isError(status)) {
			ret = -EBADMSG;
			break;
		}
		/* Truncated input: nothing consumed, nothing produced, more wanted. */
		if (in.pos == in.size && status != 0 && zout.pos < zout.size) {
			ret = -EBADMSG;
			break;
		}
	}

	ZSTD_freeDStream(stream);
	return ret;
}

static int decompress_gzip(const unsigned char *input, size_t size, struct image_buf *out)
{
	z_stream stream;
	int status;
	int ret = 0;

	memset(&stream, 0, sizeof(stream));
	/* 16 + MAX_WBITS: expect a gzip header. */
	if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK)
		return -ENOMEM;
	stream.next_in = (unsigned char *)input;

	do {
		size_t chunk_in = size - (size_t)((const unsigned char *)stream.next_in - input);

		if (out->len == out->cap) {
			ret = image_buf_grow(out);
			if (ret)
				break;
		}
		stream.avail_in = chunk_in > UINT32_MAX ? UINT32_MAX : (uInt)chunk_in;
		stream.next_out = out->data + out->len;
		stream.avail_out = (uInt)(out->cap - out->len);
		status = inflate(&stream, Z_NO_FLUSH);
		out->len = out->cap - stream.avail_out;
		if (status != Z_OK && status != Z_STREAM_END) {
			ret = status == Z_MEM_ERROR ? -ENOMEM : -EBADMSG;
			break;
		}
		if (status == Z_OK && stream.avail_in == 0 && stream.avail_out > 0) {
			ret = -EBADMSG;
			break;
		}
	} while (status != Z_STREAM_END);

	inflateEnd(&stream);
	return ret;
}

int decompress_image(const unsigned char *input, size_t size,
		     unsigned char **image, size_t *image_size)
{
	static const unsigned char xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
	static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
	static const unsigned char gzip_magic[] = { 0x1f, 0x8b };
	static const unsigned char elf_magic[] = { 0x7f, 'E', 'L', 'F' };
	struct image_buf out = { 0 };
	int ret;

	if (size >= sizeof(xz_magic) && memcmp(input, xz_magic, sizeof(xz_magic)) == 0) {
		ret = decompress_xz(input, size, &out);
	} else if (size >= sizeof(zstd_magic) &&
		   memcmp(input, zstd_magic, sizeof(zstd_magic)) == 0) {
		ret = decompress_zstd(input, size, &out);
	} else if (size >= sizeof(gzip_magic) &&
		   memcmp(input, gzip_magic, sizeof(gzip_magic)) == 0) {
		ret = decompress_gzip(input, size, &out);
	} else if (size >= sizeof(elf_magic) &&
		   memcmp(input, elf_magic, sizeof(elf_magic)) == 0) {
		if (size > MODULE_IMAGE_MAX)
			return -EFBIG;
		out.data = xmalloc(size);
		memcpy(out.data, input, size);
		out.len = size;
		ret = 0;
	} else {
		return -ENOTSUP;
	}

	if (ret) {
		free(out.data);
		return ret;
	}
	*image = out.data;
	*image_size = out.len;
	return 0;
}

int module_image_read(const char *path, unsigned char **image, size_t *image_size)
{
	size_t size;
	char *data;
	int ret;

	ret = read_text_file(path, &data, &size);
	if (ret)
		return ret;
	ret = decompress_image((const unsigned char *)data, size, image, image_size);
	free(data);
	return ret;
}
