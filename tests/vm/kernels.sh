#!/bin/bash
# Prepare the kernels the VM bench boots. For each installed headers
# meta-package, find its kernel version and download the matching image
# package into build/kernels/ without installing it. Keep its vmlinuz and the
# modules named in modules.list with their dependencies, decompressed, in a
# minimal /lib/modules tree with depmod output.
#
# Writes build/KVER/vmlinuz, build/KVER/modules/lib/modules/KVER/,
# build/KVER/symbols and build/KVER/vmlinux.btf (module function symbols
# and the vmlinux BTF, for the catalog checker) and
# build/kernels/kvers ("KVER PACKAGE VERSION META" per kernel, META being the
# headers meta-package that selected it). A second run with
# the same package versions and modules.list downloads and extracts nothing.
set -euo pipefail
. "$(dirname "$0")/common.sh"

# Space-separated headers meta-packages, each of which selects one kernel.
KS_HEADERS_META=${KS_HEADERS_META:-linux-headers-amd64 linux-headers-6.12-amd64}
MODULES_LIST=$KS_VM/modules.list
CACHE=$KS_BUILD/kernels

# Print "KVER VERSION" for the versioned headers package a meta-package
# depends on, for example "6.1.0-57-amd64 6.1.192-3".
resolve_meta() {
	local meta=$1 status depends
	status=$(dpkg-query -W -f='${db:Status-Status}' "$meta" 2>/dev/null || true)
	[ "$status" = installed ] ||
		ks_die "$meta is not installed: run tests/vm/setup-host.sh"
	depends=$(dpkg-query -W -f='${Depends}' "$meta")
	sed -n 's/.*linux-headers-\([^ ,]*\) (= \([^)]*\)).*/\1 \2/p' <<<"$depends" |
		head -n1 | grep . ||
		ks_die "$meta depends on '$depends', which names no linux-headers-KVER (= VERSION)"
}

# Print the cached .deb of PACKAGE at VERSION, if there is one.
cached_deb() {
	local package=$1 version=$2
	# apt-get download spells an epoch colon as %3a in the file name.
	local file=$CACHE/${package}_${version//:/%3a}_amd64.deb
	if [ -s "$file" ]; then
		echo "$file"
	fi
}

# Download PACKAGE=VERSION into the cache, and print the file.
download_deb() {
	local package=$1 version=$2
	# The _apt user cannot write into a root-owned build tree, so download
	# as root rather than let apt warn and fall back to root by itself.
	(cd "$CACHE" && apt-get download -q -o APT::Sandbox::User=root "$package=$version" >&2) ||
		return 1
	cached_deb "$package" "$version"
}

# Print the image .deb for KVER at VERSION, downloading it when not cached.
fetch_image() {
	local kver=$1 version=$2 package deb
	for package in "linux-image-$kver" "linux-image-$kver-unsigned"; do
		deb=$(cached_deb "$package" "$version")
		if [ -n "$deb" ]; then
			echo "$deb"
			return
		fi
	done
	for attempt in 1 2; do
		for package in "linux-image-$kver" "linux-image-$kver-unsigned"; do
			if deb=$(download_deb "$package" "$version") && [ -n "$deb" ]; then
				echo "$deb"
				return
			fi
		done
		# Package lists older than the installed headers do not know the
		# version yet: refresh them once and try again.
		if [ "$attempt" = 1 ]; then
			ks_log "linux-image-$kver=$version not found, running apt-get update" >&2
			apt-get update -q >&2 || true
		fi
	done
	ks_die "cannot download linux-image-$kver or linux-image-$kver-unsigned at version $version: check that apt sources carry it"
}

# Print the module names of modules.list, one per line, with '-' as '_'.
list_modules() {
	sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' -e 's/-/_/g' "$MODULES_LIST"
}

# Print the modules.dep entry of module NAME and its dependencies, one path
# per line, relative to the modules directory MODDIR.
module_with_deps() {
	local moddir=$1 name=$2
	awk -F': *' -v name="$name" '
		{
			base = $1
			sub(/.*\//, "", base)
			sub(/\.ko(\.(xz|zst|gz))?$/, "", base)
			gsub(/-/, "_", base)
			if (base == name) {
				print $1
				n = split($2, deps, " ")
				for (i = 1; i <= n; i++)
					print deps[i]
				found = 1
				exit
			}
		}
		END { exit !found }' "$moddir/modules.dep"
}

# Exit 0 if module NAME is built into the kernel.
module_builtin() {
	local moddir=$1 name=$2
	sed -e 's/.*\///' -e 's/\.ko$//' -e 's/-/_/g' "$moddir/modules.builtin" |
		grep -qx -- "$name"
}

# Copy module file SRC to DST, decompressing it: busybox modprobe and insmod
# in the VM load only plain .ko files.
copy_module() {
	local src=$1 dst=$2
	case $src in
	*.ko.xz) xz -dc "$src" >"${dst%.xz}" ;;
	*.ko.zst) zstd -q -dc "$src" >"${dst%.zst}" ;;
	*.ko.gz) gzip -dc "$src" >"${dst%.gz}" ;;
	*.ko) cp "$src" "$dst" ;;
	*) ks_die "unexpected module file name $src" ;;
	esac
}

# Write the .BTF section of the vmlinux inside bzImage $1 to $2. The
# payload is the xz or zstd stream that starts at the first magic number
# that decompresses; trailing data after the stream is ignored.
extract_vmlinux_btf() {
	local image=$1 out=$2 tmp offset
	tmp=$(mktemp -d)
	for magic in '\xfd7zXZ\x00' '\x28\xb5\x2f\xfd'; do
		for offset in $(LC_ALL=C grep -aboP "$magic" "$image" | cut -d: -f1 || true); do
			case $magic in
			*7zXZ*) tail -c +"$((offset + 1))" "$image" | xz -dc >"$tmp/vmlinux" 2>/dev/null || true ;;
			*) tail -c +"$((offset + 1))" "$image" | zstd -q -dc >"$tmp/vmlinux" 2>/dev/null || true ;;
			esac
			if readelf -h "$tmp/vmlinux" >/dev/null 2>&1; then
				break 2
			fi
		done
	done
	readelf -h "$tmp/vmlinux" >/dev/null 2>&1 || ks_die "cannot find the vmlinux in $image"
	objcopy -O binary --only-section=.BTF "$tmp/vmlinux" "$out" ||
		ks_die "cannot extract the .BTF section of the vmlinux in $image"
	rm -rf "$tmp"
	[ -s "$out" ] || ks_die "the vmlinux in $image has no BTF"
}

# Build build/KVER/ from the image DEB.
prepare_kernel() {
	local kver=$1 deb=$2 out=$KS_BUILD/$1
	local extract=$CACHE/extract-$kver
	local image_moddir=$extract/lib/modules/$kver
	local moddir=$out/modules/lib/modules/$kver
	local name path picked="" builtin=""

	rm -rf "$extract" "$out/modules" "$out/vmlinuz"
	mkdir -p "$extract" "$moddir"
	dpkg-deb -x "$deb" "$extract"
	[ -f "$extract/boot/vmlinuz-$kver" ] || ks_die "$deb has no boot/vmlinuz-$kver"

	# The image package ships no modules.dep because its postinst runs depmod.
	depmod -b "$extract" "$kver"

	local paths="" found
	for name in $(list_modules); do
		if module_builtin "$image_moddir" "$name"; then
			builtin="$builtin $name"
		elif found=$(module_with_deps "$image_moddir" "$name"); then
			picked="$picked $name"
			paths+=$found$'\n'
		else
			ks_die "module $name from $MODULES_LIST is in neither modules.dep nor modules.builtin of $kver: fix the name or drop it"
		fi
	done

	while read -r path; do
		mkdir -p "$moddir/$(dirname "$path")"
		copy_module "$image_moddir/$path" "$moddir/$path"
	done < <(sort -u <<<"$paths" | sed '/^$/d')
	cp "$image_moddir/modules.builtin" "$image_moddir/modules.builtin.modinfo" \
		"$image_moddir/modules.order" "$moddir/"
	depmod -b "$out/modules" "$kver"

	# For the catalog checker: the vmlinux BTF (Debian's System.map is a
	# placeholder, and its vmlinux is stripped), and the function symbols
	# of the modules kept above, "MODULE SYMBOL" per line.
	extract_vmlinux_btf "$extract/boot/vmlinuz-$kver" "$out/vmlinux.btf"
	{
		find "$moddir/kernel" -name '*.ko' | while read -r path; do
			name=$(basename "$path" .ko)
			nm --defined-only "$path" |
				awk -v m="${name//-/_}" '$2 ~ /^[Tt]$/ { print m, $3 }'
		done
	} | LC_ALL=C sort -u >"$out/symbols"

	cp "$extract/boot/vmlinuz-$kver" "$out/vmlinuz"
	cp "$extract/boot/config-$kver" "$out/config"
	rm -rf "$extract"

	{
		echo "modules:$picked"
		echo "module files: $(cd "$moddir" && find kernel -name '*.ko' -printf '%f ' | sed 's/ $//')"
		echo "built in:$builtin"
	} >"$out/modules.picked"
}

mkdir -p "$CACHE"
kvers_new=$(mktemp "$CACHE/kvers.XXXXXX")
trap 'rm -f "$kvers_new"' EXIT
list_sum=$(sha256sum "$MODULES_LIST" | cut -d' ' -f1)

for meta in $KS_HEADERS_META; do
	read -r kver version < <(resolve_meta "$meta")
	[ -d "/usr/src/linux-headers-$kver" ] ||
		ks_die "/usr/src/linux-headers-$kver is missing although $meta is installed: reinstall linux-headers-$kver"

	deb=$(fetch_image "$kver" "$version")
	package=$(dpkg-deb -f "$deb" Package)
	[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] ||
		ks_die "$deb has version $(dpkg-deb -f "$deb" Version), expected $version: delete it and rerun"

	stamp="$package $version $list_sum"
	stamp_file=$KS_BUILD/$kver/kernel.stamp
	if [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ] &&
		[ -f "$KS_BUILD/$kver/vmlinuz" ] && [ -s "$KS_BUILD/$kver/symbols" ] &&
		[ -s "$KS_BUILD/$kver/vmlinux.btf" ]; then
		state=cached
	else
		rm -f "$stamp_file"
		prepare_kernel "$kver" "$deb"
		echo "$stamp" >"$stamp_file"
		state=prepared
	fi

	echo "$kver $package $version $meta" >>"$kvers_new"
	ks_log "$kver: $package $version ($state) from $meta"
	sed 's/^/    /' "$KS_BUILD/$kver/modules.picked"
done

chmod 644 "$kvers_new"
mv "$kvers_new" "$KS_KVERS_FILE"
trap - EXIT
