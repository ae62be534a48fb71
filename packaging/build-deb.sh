#!/bin/bash
# Build killswitch-dkms and killswitch-tools with dpkg-buildpackage (make deb).
#
# The Debian directory is packaging/debian, not debian/ at the top. The
# build runs in a staging copy of the tree under build/deb/, with
# packaging/debian copied to debian/ there. So the working tree never
# collects debhelper's output, and the build never packs build/ (kernel
# images, VM trees). The staging copy contains the files git tracks or would
# track (untracked files not ignored by .gitignore), as they are in the
# working tree.
#
# Writes build/deb/killswitch-dkms_VERSION_all.deb,
# build/deb/killswitch-tools_VERSION_ARCH.deb and the .changes and
# .buildinfo files beside them. Needs debhelper, dh-dkms and the build
# dependencies in packaging/debian/control (tests/vm/setup-host.sh installs
# them).
set -euo pipefail
. "$(dirname "$0")/../tests/vm/common.sh"

version=$(dpkg-parsechangelog -l "$KS_ROOT/packaging/debian/changelog" -S Version)
out=$KS_BUILD/deb
stage=$out/killswitch-$version
rm -rf "$out"
mkdir -p "$stage"

if git -C "$KS_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$KS_ROOT" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' file; do
			# A tracked file deleted in the working tree stays out.
			[ -e "$file" ] && printf '%s\0' "$file"
		done | cpio -0 -pdm --quiet "$stage")
else
	tar -C "$KS_ROOT" --exclude=./build --exclude=./.git --exclude='*.o' --exclude='*.ko' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='.*.cmd' --exclude=modules.order \
		--exclude=Module.symvers -cf - . | tar -C "$stage" -xf -
fi
cp -a "$KS_ROOT/packaging/debian" "$stage/debian"

ks_log "dpkg-buildpackage in ${stage#"$KS_ROOT"/}"
(cd "$stage" && dpkg-buildpackage -b --no-sign -j"${KS_JOBS:-2}")
ls "$out"/*.deb
