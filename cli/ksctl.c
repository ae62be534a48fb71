// SPDX-License-Identifier: GPL-2.0
/* The ksctl program; everything else is in the library the unit tests link too. */
#include "ksctl.h"

int main(int argc, char **argv)
{
	return ksctl_main(argc, argv);
}
