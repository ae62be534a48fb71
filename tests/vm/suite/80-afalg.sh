# A real kernel path: af_alg_sendmsg behind an AF_ALG skcipher socket.
. /lib/ks/ks.sh
ks_fresh

tap_eq "afalg: encrypts before engage" "ok" "$(ks_alg --quiet)"
tap_eq "afalg: engage af_alg_sendmsg" "ok" "$(ctl 'engage af_alg_sendmsg -EPERM')"
tap_eq "afalg: owner is af_alg" "module=af_alg" "$(engaged | grep -o 'module=[^ ]*')"
tap_eq "afalg: sendmsg fails with EPERM" "EPERM" "$(ks_alg --quiet)"
tap_match "afalg: failure is at sendmsg" "sendmsg failed: EPERM" "$(ks_alg)"
tap_match "afalg: hits counted" "hits=[1-9]" "$(engaged)"
tap_eq "afalg: disengage" "ok" "$(ctl 'disengage af_alg_sendmsg')"
tap_eq "afalg: encrypts after disengage" "ok" "$(ks_alg --quiet)"
tap_match "afalg: ciphertext matches known answer" "^ciphertext [0-9a-f]{32}" "$(ks_alg)"

# Before af_alg is loaded, its functions are unknown.
rmmod algif_skcipher 2>/dev/null
rmmod af_alg 2>/dev/null
if grep -q '^af_alg ' /proc/modules; then
	tap_fail "afalg: af_alg unloads" "af_alg is still loaded"
else
	tap_eq "afalg: engage before module loads is ENOENT" "ENOENT" "$(ctl 'engage af_alg_sendmsg -EPERM')"
fi

ks_unload_all
