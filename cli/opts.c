// SPDX-License-Identifier: GPL-2.0
/* Option matching for the command parsers: "--name VALUE" and "--name=VALUE". */
#include <string.h>

#include "ksctl.h"

/*
 * Match argv[*index] against option @name, which takes a value. On a match
 * *value is the value and *index points at the last argument used.
 * Returns 1 on a match, 0 when the argument is another one, and -1 when
 * the option is the last argument and its value is missing.
 */
int opt_match(int argc, char **argv, int *index, const char *name,
	      const char **value)
{
	const char *arg = argv[*index];
	size_t len = strlen(name);

	if (strncmp(arg, name, len) != 0)
		return 0;
	if (arg[len] == '=') {
		*value = arg + len + 1;
		return 1;
	}
	if (arg[len] != '\0')
		return 0;
	if (*index + 1 >= argc)
		return -1;
	(*index)++;
	*value = argv[*index];
	return 1;
}

bool opt_is_flag(const char *arg, const char *name)
{
	return strcmp(arg, name) == 0;
}
