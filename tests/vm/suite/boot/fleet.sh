# The VM end of the Ansible check (tests/fleet/ansible.sh, which boots this
# suite alone with ks.suite=boot/fleet): load killswitch and the test
# target, bring up the e1000 card on QEMU's user network, start dropbear
# on port 22 with the host's key in /root/.ssh/authorized_keys, then wait
# until the host has run its plays and created /tmp/fleet.done over SSH,
# at most ks.fleet_wait seconds (default 1200).
. /lib/ks/ks.sh
ks_fresh

wait_seconds=1200
for option in $(cat /proc/cmdline); do
	case $option in
	ks.fleet_wait=*) wait_seconds=${option#*=} ;;
	esac
done

tap_check "fleet: load e1000" modprobe e1000
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
tap_match "fleet: eth0 has 10.0.2.15" "inet 10\.0\.2\.15/24" "$(ip addr show dev eth0)"

mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
# -s: no password logins; -E: log to standard error, here the console.
# The daemon keeps the descriptors it got, so they must not be a pipe that
# a command substitution waits on.
dropbear -s -E -p 22 -r /etc/dropbear/dropbear_ed25519_host_key </dev/null >/dev/console 2>&1
tap_eq "fleet: start dropbear" "0" "$?"
tap_match "fleet: dropbear listens on 22" ":22 " "$(netstat -ltn)"
echo "ks-fleet: ready for SSH"

waited=0
while [ ! -e /tmp/fleet.done ] && [ "$waited" -lt "$wait_seconds" ]; do
	sleep 2
	waited=$((waited + 2))
done
tap_check "fleet: host finished its plays within ${wait_seconds} s" test -e /tmp/fleet.done
tap_note "host status: $(cat /tmp/fleet.done 2>/dev/null)"
tap_eq "fleet: nothing left engaged" "" "$(engaged)"
ks_unload_all
