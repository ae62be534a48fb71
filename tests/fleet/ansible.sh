#!/bin/bash
# Check the Ansible role (ansible/roles/killswitch) against a real
# killswitch in a QEMU VM, never on the host's kernel.
#
# The VM is the bench's 6.12 kernel and initramfs with a second cpio
# archive appended: Debian's python3 with its standard library, dropbear as
# SSH server with a key pair made for this run, killswitch-boot, and
# /etc/passwd. run-vm.sh boots it with the suite boot/fleet, which starts
# dropbear, on QEMU's user network with restrict=on and 127.0.0.1:PORT
# forwarded to the guest's port 22, so the VM reaches nothing else. The
# initramfs has no dpkg, so the plays set killswitch_install_packages to
# false (deb.sh checks the packages on the host instead).
#
# The plays engage ks_target_long of the test module and catalog CVEs that
# pick-cves.py selects from the VM's `ksctl catalog list`. These are up to
# two that apply to the VM's kernel, with targets in modules that are not
# loaded (so they stay pending), and one the kernel has the fix for.
#
# The runs, in order (ansible/tests/vm.yml):
#   check mode      reports what it would engage and changes nothing
#   apply           engages the symbol and the CVEs, skips the fixed CVE
#   apply again     changed=0 (idempotence), with the default output
#   check mode      changed=0: no drift
#   boot            disengage all, run killswitch-boot: the same engagements
#   absent, check   reports changes and disengages nothing
#   absent          disengages what the role engaged, removes its config
#   absent again    changed=0
# Prints TAP, the VM's own TAP and one "N passed, N failed" line.
set -euo pipefail
. "$(dirname "$0")/../vm/common.sh"
. "$KS_ROOT/tests/fleet/lib.sh"

PYTHON=/usr/bin/python3
kver=$(ks_kver_of_meta linux-headers-6.12-amd64)
out=$KS_BUILD/fleet/ansible
base=$KS_BUILD/$kver/initramfs.cpio.gz
initrd=$KS_BUILD/$kver/initramfs-fleet.cpio.gz
overlay=$out/overlay
key=$out/id_ed25519

[ -x "$PYTHON" ] || ks_die "$PYTHON is missing: install Debian's python3"
command -v ansible-playbook >/dev/null || ks_die "ansible-playbook is missing: run tests/vm/setup-host.sh"
command -v dropbear >/dev/null || ks_die "dropbear is missing: run tests/vm/setup-host.sh"

# The fleet playbook of docs/fleet.md, which the VM plays do not run.
fleet_check "ansible: site.yml syntax" ansible-playbook -i localhost, --syntax-check "$KS_ROOT/ansible/site.yml"

# The bench's initramfs for this kernel, with the current suites.
if [ ! -f "$KS_BUILD/$kver/kmod/killswitch.ko" ]; then
	"$KS_VM/build.sh" "$kver" >"$out.build.log" 2>&1 ||
		ks_die "tests/vm/build.sh failed: see $out.build.log"
fi
"$KS_VM/initramfs/build-initramfs.sh" "$kver" >/dev/null

# Copy ELF files $@ into the overlay at their paths, with every library
# they load.
copy_elf() {
	local file lib
	for file in "$@"; do
		mkdir -p "$overlay$(dirname "$file")"
		cp -L "$file" "$overlay$file"
		for lib in $(ldd "$file" | sed -n -e 's/.*=> \(\/[^ ]*\) .*/\1/p' \
			-e 's/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
			if [ ! -e "$overlay$lib" ]; then
				mkdir -p "$overlay$(dirname "$lib")"
				cp -L "$lib" "$overlay$lib"
			fi
		done
	done
}

rm -rf "$out"
mkdir -p "$out" "$overlay"/{etc/dropbear,etc/modules-load.d,root/.ssh,usr/bin,usr/lib/killswitch}
ssh-keygen -q -t ed25519 -N '' -C killswitch-fleet-check -f "$key"
dropbearkey -t ed25519 -f "$overlay/etc/dropbear/dropbear_ed25519_host_key" >/dev/null
cp "$key.pub" "$overlay/root/.ssh/authorized_keys"
chmod 700 "$overlay/root" "$overlay/root/.ssh"
chmod 600 "$overlay/root/.ssh/authorized_keys"
echo 'root:x:0:0:root:/root:/bin/sh' >"$overlay/etc/passwd"
echo 'root:x:0:' >"$overlay/etc/group"
echo '/bin/sh' >"$overlay/etc/shells"
install -m 0755 "$KS_ROOT/packaging/killswitch-boot" "$overlay/usr/lib/killswitch/killswitch-boot"
# ksctl where killswitch-tools installs it; the bench has it in /sbin.
mkdir -p "$overlay/usr/sbin"
ln -s /sbin/ksctl "$overlay/usr/sbin/ksctl"

python_bin=$(readlink -f "$PYTHON")
python_lib=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
copy_elf /usr/sbin/dropbear "$python_bin"
ln -sf "$(basename "$python_bin")" "$overlay/usr/bin/python3"
# The standard library with its compiled modules, less what no module of
# the role imports: the test suite, Tk and the IDLE.
mkdir -p "$overlay$python_lib"
tar -C "$python_lib" --exclude=./test --exclude=./idlelib --exclude=./tkinter \
	--exclude=./turtledemo --exclude=./ensurepip --exclude=./lib2to3 -cf - . |
	tar -C "$overlay$python_lib" -xf -
copy_elf "$python_lib"/lib-dynload/*.so

(cd "$overlay" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) | gzip -n -1 >"$out/overlay.cpio.gz"
cat "$base" "$out/overlay.cpio.gz" >"$initrd"
ks_log "$(du -k "$initrd" | cut -f1) KiB initramfs with python3 and dropbear"

port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
vm_log=$out/run-vm.out
pid_file=$KS_BUILD/$kver/qemu-fleet.pid
rm -f "$pid_file"
"$KS_VM/run-vm.sh" --name fleet --timeout 2400 --initrd "$initrd" \
	--ssh-port "$port" "$kver" ks.suite=boot/fleet ks.timeout=2000 ks.fleet_wait=1800 \
	>"$vm_log" 2>&1 &
vm_pid=$!

# On an early exit, stop QEMU by its process id, and run-vm.sh ends. Before
# QEMU has written its process id, stop run-vm.sh itself.
stop_vm() {
	if [ -s "$pid_file" ]; then
		kill "$(cat "$pid_file")" 2>/dev/null || true
	else
		kill "$vm_pid" 2>/dev/null || true
	fi
	wait "$vm_pid" 2>/dev/null || true
}
trap stop_vm EXIT

ssh_opts=(-i "$key" -p "$port" -o BatchMode=yes -o ConnectTimeout=10
	-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR)
vm_ssh() {
	ssh "${ssh_opts[@]}" root@127.0.0.1 "$@"
}

# The VM waits for the lock and boots under TCG: give it time.
start=$(ks_now)
until vm_ssh true 2>/dev/null; do
	kill -0 "$vm_pid" 2>/dev/null || { cat "$vm_log"; ks_die "the VM stopped before SSH came up"; }
	[ $(($(ks_now) - start)) -lt 1800 ] || ks_die "no SSH to the VM after 1800 s: see $KS_BUILD/$kver/console-fleet.log"
	sleep 5
done
fleet_ok "vm: SSH up after $(($(ks_now) - start)) s"

vm_ssh ksctl --json catalog list >"$out/catalog.json"
vm_ssh cat /proc/modules >"$out/modules.txt"
mapfile -t picked < <("$PYTHON" "$KS_ROOT/tests/fleet/pick-cves.py" "$out/catalog.json" "$out/modules.txt")
apply_cves=${picked[0]:-}
fixed_cve=${picked[1]:-}
[ -n "$apply_cves" ] ||
	ks_die "no catalog CVE applies to the VM's kernel with all targets in modules: see $out/catalog.json"
# shellcheck disable=SC2086
cves_json=$(printf '%s\n' $apply_cves $fixed_cve | "$PYTHON" -c 'import json, sys
print(json.dumps({"killswitch_cves": sys.stdin.read().split()}))')
echo "$cves_json" >"$out/vars.json"
fleet_ok "catalog: picked $apply_cves${fixed_cve:+, fixed: $fixed_cve}"

cat >"$out/inventory.ini" <<INVENTORY
[killswitch_vm]
vm ansible_host=127.0.0.1 ansible_port=$port ansible_user=root ansible_ssh_private_key_file=$key ansible_python_interpreter=/usr/bin/python3 ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'
INVENTORY

export ANSIBLE_ROLES_PATH=$KS_ROOT/ansible/roles
export ANSIBLE_PIPELINING=True
# dropbear has no SFTP server: templates go over the SSH channel (dd).
export ANSIBLE_SSH_TRANSFER_METHOD=piped
export ANSIBLE_REMOTE_TMP=/tmp/.ansible
export ANSIBLE_LOCAL_TEMP=$out/tmp
export ANSIBLE_NOCOLOR=1
export ANSIBLE_RETRY_FILES_ENABLED=False
export ANSIBLE_TIMEOUT=60

# play NAME CALLBACK ARGS...: run the playbook, output in $out/NAME.out.
play() {
	local name=$1 callback=$2 status
	shift 2
	status=0
	ANSIBLE_STDOUT_CALLBACK=$callback ansible-playbook -i "$out/inventory.ini" \
		"$KS_ROOT/ansible/tests/vm.yml" -e "@$out/vars.json" "$@" \
		>"$out/$name.out" 2>"$out/$name.err" || status=$?
	if [ "$status" -eq 0 ]; then
		fleet_ok "ansible $name: playbook succeeds"
	else
		fleet_fail "ansible $name: playbook succeeds" "exit status $status" \
			"$(tail -n 30 "$out/$name.err")" "$(tail -n 60 "$out/$name.out")"
	fi
}

result() {
	"$PYTHON" "$KS_ROOT/tests/fleet/play-result.py" "$out/$1.out" vm "$2" 2>&1
}

engaged_states() {
	vm_ksctl_status | "$PYTHON" -c 'import json, sys
print(" ".join(sorted(e["symbol"] + "=" + e["state"] for e in json.load(sys.stdin)["engaged"])))'
}

vm_ksctl_status() {
	vm_ssh ksctl --json status
}

expected_report_cves=$apply_cves
# shellcheck disable=SC2086
expected_states=$(printf '%s\n' ${picked[2]:-} ks_target_long=engaged | sort | tr '\n' ' ' | sed 's/ $//')
# shellcheck disable=SC2086
expected_pending=$(printf '%s\n' ${picked[2]:-} | sed 's/=pending$//' | sort | tr '\n' ' ' | sed 's/ $//')

# fixed_check NAME ACTUAL: the fixed CVE is reported, or a skip without one.
fixed_check() {
	if [ -n "$fixed_cve" ]; then
		fleet_eq "$1" "$fixed_cve" "$2"
	else
		fleet_ok "$1 # SKIP no catalog CVE has its fix in the VM's kernel"
	fi
}

play check json --check
fleet_eq "ansible check: no failures" "0" "$(result check failures)"
fleet_match "ansible check: reports changes" "^[1-9][0-9]*$" "$(result check changed)"
fleet_eq "ansible check: would engage the CVEs" "$expected_report_cves" "$(result check report.cves_engaged)"
fixed_check "ansible check: fixed CVE skipped" "$(result check report.cves_skipped_fixed)"
fleet_eq "ansible check: nothing engaged" "" "$(engaged_states)"
fleet_check "ansible check: no configuration written" vm_ssh test ! -e /etc/killswitch.d

play apply json
fleet_eq "ansible apply: no failures" "0" "$(result apply failures)"
fleet_match "ansible apply: changed" "^[1-9][0-9]*$" "$(result apply changed)"
fleet_eq "ansible apply: CVEs engaged" "$expected_report_cves" "$(result apply report.cves_engaged)"
fixed_check "ansible apply: fixed CVE skipped" "$(result apply report.cves_skipped_fixed)"
fleet_eq "ansible apply: engaged in the report" "ks_target_long" "$(result apply report.engaged)"
fleet_eq "ansible apply: pending in the report" "$expected_pending" "$(result apply report.pending)"
fleet_eq "ansible apply: engagements in the VM" "$expected_states" "$(engaged_states)"
fleet_eq "ansible apply: symbol config" "ks_target_long 5" \
	"$(vm_ssh grep -v '^#' /etc/killswitch.d/fleet.conf)"
# shellcheck disable=SC2086,SC2116 # echo joins the words without an empty fixed_cve.
fleet_eq "ansible apply: CVE config" "$(echo $apply_cves $fixed_cve)" \
	"$(vm_ssh grep -v '^#' /etc/killswitch.d/fleet.cves | tr '\n' ' ' | sed 's/ $//')"

# The default output, as an operator sees it.
play apply-again default
recap=$(grep -E '^vm +:' "$out/apply-again.out" || true)
fleet_match "ansible apply again: changed=0" "changed=0 .*failed=0" "$recap"
fleet_match "ansible apply again: report in the play output" '"cves_already_engaged": \[' \
	"$(cat "$out/apply-again.out")"
skipped_block=$(sed -n '/"cves_skipped_fixed"/,/\]/p' "$out/apply-again.out")
if [ -n "$fixed_cve" ]; then
	fleet_match "ansible apply again: fixed CVE in the play output" "\"$fixed_cve\"" "$skipped_block"
else
	fleet_match "ansible apply again: fixed CVE in the play output" '"cves_skipped_fixed": \[\]' "$skipped_block"
fi

play check-again json --check
fleet_eq "ansible check again: changed=0" "0" "$(result check-again changed)"

# What killswitch.service does at boot, from the files the role wrote.
vm_ssh 'ksctl disengage --all >/dev/null && /usr/lib/killswitch/killswitch-boot' >"$out/boot.out" 2>&1 &&
	status=0 || status=$?
fleet_eq "boot: killswitch-boot succeeds" "0" "$status"
fleet_eq "boot: same engagements again" "$expected_states" "$(engaged_states)"

play absent-check json --check -e killswitch_state=absent
fleet_match "ansible absent check: reports changes" "^[1-9][0-9]*$" "$(result absent-check changed)"
fleet_eq "ansible absent check: still engaged" "$expected_states" "$(engaged_states)"

play absent json -e killswitch_state=absent
fleet_match "ansible absent: changed" "^[1-9][0-9]*$" "$(result absent changed)"
fleet_eq "ansible absent: nothing engaged" "" "$(engaged_states)"
fleet_check "ansible absent: config removed" vm_ssh test ! -e /etc/killswitch.d/fleet.conf -a ! -e /etc/killswitch.d/fleet.cves
play absent-again json -e killswitch_state=absent
fleet_eq "ansible absent again: changed=0" "0" "$(result absent-again changed)"

vm_ssh "echo $FLEET_FAILED > /tmp/fleet.done" || true
status=0
wait "$vm_pid" || status=$?
trap - EXIT
grep -E '^(not )?ok |^# ' "$vm_log" | sed 's/^/# vm: /'
vm_summary=$(sed -n "s/^$kver: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p" "$vm_log" | tail -n1)
if [ "$status" -eq 0 ] && [ -n "$vm_summary" ]; then
	fleet_ok "vm: suite boot/fleet passed (${vm_summary% *} checks)"
else
	fleet_fail "vm: suite boot/fleet passed" "run-vm.sh exit status $status" "$(tail -n 40 "$vm_log")"
fi

fleet_summary
