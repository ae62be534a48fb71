#!/bin/bash
# Show the killswitch on the 6.12 kernel: boot it with ks.mode=demo and play
# tests/vm/initramfs/demo-steps.sh on the terminal. It prepares what it needs
# as check.sh does. KS_DEMO_META picks another kernel by the headers
# meta-package that selects it (see kernels.sh).
set -euo pipefail
. "$(dirname "$0")/common.sh"

meta=${KS_DEMO_META:-linux-headers-6.12-amd64}

"$KS_VM/setup-host.sh" >/dev/null
"$KS_VM/kernels.sh" >/dev/null
kver=$(ks_kver_of_meta "$meta")
"$KS_VM/build.sh" "$kver" >/dev/null
[ -f "$KS_BUILD/$kver/kmod/killswitch.ko" ] ||
	ks_die "killswitch.ko was not built for $kver: the demo needs kmod/"
"$KS_VM/initramfs/build-initramfs.sh" "$kver" >/dev/null
exec "$KS_VM/run-vm.sh" --demo "$kver" "$@"
