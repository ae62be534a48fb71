# Who may change engagements: CAP_SYS_ADMIN in the initial user namespace,
# for the writer and for the task that opened the file.
. /lib/ks/ks.sh
ks_fresh
ctl 'engage ks_target_long 5' >/dev/null
FN=$KS/fn/ks_target_long

tap_eq "priv: without CAP_SYS_ADMIN is EPERM" "EPERM" \
	"$(kstool dropcap kstool write "$CTL" 'engage ks_target_int 1')"
tap_eq "priv: disengage without CAP_SYS_ADMIN is EPERM" "EPERM" \
	"$(kstool dropcap kstool write "$CTL" 'disengage ks_target_long')"
tap_eq "priv: retval without CAP_SYS_ADMIN is EPERM" "EPERM" \
	"$(kstool dropcap kstool write "$FN/retval" '0')"
tap_eq "priv: uid 1000 cannot open control" "EACCES" \
	"$(kstool setuid 1000 kstool write "$CTL" 'engage ks_target_int 1')"
tap_eq "priv: uid 1000 cannot read engaged" "EACCES" \
	"$(kstool setuid 1000 kstool read "$KS/engaged")"
tap_eq "priv: uid 1000 cannot list fn" "EACCES" \
	"$(kstool setuid 1000 kstool read "$FN/hits")"
tap_eq "priv: fd opened by root, written by uid 1000" "EPERM" \
	"$(kstool write-opened-by-root 1000 "$CTL" 'engage ks_target_int 1')"
tap_eq "priv: fd opened without CAP_SYS_ADMIN, written by root" "EPERM" \
	"$(kstool write-opened-by-dropped "$CTL" 'engage ks_target_int 1')"
tap_eq "priv: root in a user namespace is EPERM" "EPERM" \
	"$(unshare -U -r kstool write "$CTL" 'engage ks_target_int 1')"
tap_eq "priv: nothing changed" \
	"symbol=ks_target_long module=ks_target retval=5 state=engaged hits=0 passed=0 scope=all reason=-" "$(engaged)"
tap_eq "priv: scope without CAP_SYS_ADMIN is EPERM" "EPERM" \
	"$(kstool dropcap kstool write "$FN/scope" 'userns')"
tap_eq "priv: seal without CAP_SYS_ADMIN is EPERM" "EPERM" \
	"$(kstool dropcap kstool write "$CTL" 'seal')"
tap_eq "priv: still not sealed" "0" "$(cat "$KS/sealed")"
tap_eq "priv: int not engaged" "7" "$(call int)"
tap_eq "priv: reading without CAP_SYS_ADMIN works" "5" \
	"$(kstool dropcap cat "$FN/retval")"

# dropcap removes CAP_SYS_ADMIN (bit 21) and keeps every other capability.
root_caps=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
tap_eq "priv: dropcap keeps every other capability" \
	"$(printf '%016x' $((0x$root_caps & ~(1 << 21))))" \
	"$(kstool dropcap awk '/^CapEff:/ { print $2 }' /proc/self/status)"

# Root of a user namespace has every capability there, none that counts.
tap_eq "priv: user namespace root, retval is EPERM" "EPERM" \
	"$(unshare -U -r kstool write "$FN/retval" '0')"
tap_eq "priv: user namespace root, disengage is EPERM" "EPERM" \
	"$(unshare -U -r kstool write "$CTL" 'disengage ks_target_long')"
tap_eq "priv: user namespace root, seal is EPERM" "EPERM" \
	"$(unshare -U -r kstool write "$CTL" 'seal')"
tap_eq "priv: user namespace root, fd opened by root is EPERM" "EPERM" \
	"$(unshare -U -r kstool write-fd 3 'engage ks_target_int 1' 3>"$CTL")"
tap_eq "priv: user namespace root, retval fd opened by root is EPERM" "EPERM" \
	"$(unshare -U -r kstool write-fd 3 '0' 3>"$FN/retval")"
tap_eq "priv: without CAP_SYS_ADMIN, fd opened by root is EPERM" "EPERM" \
	"$(kstool dropcap kstool write-fd 3 'engage ks_target_int 1' 3>"$CTL")"
tap_eq "priv: still only long engaged, with its value" "5" "$(cat "$FN/retval")"
tap_eq "priv: int still not engaged" "7" "$(call int)"

ks_unload_all
