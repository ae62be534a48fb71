# killswitch: top-level entry points.
#
#   make              build killswitch.ko for the running kernel (KVER=...)
#                     and ksctl
#   make ksctl        build ksctl only (build/cli/ksctl)
#   make install      install the module and run depmod (as root), then
#                     ksctl, its man page, completion, unit and the CVE
#                     catalog (PREFIX, DESTDIR, CATALOGDIR)
#   make check        unit tests, lint, a short fuzz run, then the in-VM suites
#                     and a 60 s stress run on both Debian kernels
#   make lint         checkpatch, sparse, cppcheck and clang-tidy; any finding fails
#   make fuzz         fuzz the control-language parser for FUZZ_SECONDS (600)
#   make stress       the in-VM concurrency stress for STRESS_SECONDS (600) per kernel
#   make demo         boot Debian's 6.12 kernel in QEMU and show AF_ALG blocked
#   make bench        measure call cost, engage latency and memory in QEMU
#   make unit         the userspace unit tests only (parser, then ksctl)
#   make deb          Debian packages killswitch-dkms and killswitch-tools in
#                     build/deb/ (dpkg-buildpackage; packaging/build-deb.sh)
#   make fleet-check  the packaging and fleet checks (as root): the systemd
#                     unit with systemd-analyze verify, the Prometheus output
#                     with promtool, the packages (lintian, apt install, dkms
#                     build for both kernels), and the Ansible role against a
#                     killswitch VM (check mode, apply, idempotence)
#   make intree-patch regenerate the in-tree patch series in patches/ from
#                     kmod/ and intree/, against KSRC (a kernel tree or
#                     .tar.xz; default Debian's linux-source-6.12 tarball)
#   make check-patches
#                     fail if patches/ differs from what intree-patch makes
#   make check-intree apply patches/ to linux-source-6.12, build it with
#                     killswitch built in (cached) and run KUnit and the
#                     in-VM suites on it in QEMU
#   make clean        remove build output

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build

UNIT_CC ?= gcc
UNIT_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -g -O1 \
	       -fsanitize=address,undefined -fno-sanitize-recover=all
BUILD := build
FUZZ_SECONDS ?= 600
FUZZ_SHORT_SECONDS ?= 20
STRESS_SECONDS ?= 600
KSRC ?= /usr/src/linux-source-6.12.tar.xz

.PHONY: all module ksctl install check setup unit vm-check demo bench clean lint \
	fuzz fuzz-short stress deb fleet-check intree-patch check-patches check-intree

all: module ksctl

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules

ksctl:
	$(MAKE) -C cli

install: module ksctl
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod modules_install
	depmod -a $(KVER)
	$(MAKE) -C cli install

# setup installs the packages the tests need (apt, idempotent) first.
check: setup unit lint fuzz-short check-patches vm-check fleet-check check-intree

setup:
	tests/vm/setup-host.sh

$(BUILD)/unit/test_parse: tests/unit/test_parse.c kmod/ks_parse.c kmod/ks_parse.h kmod/ks_errno_list.h
	@mkdir -p $(@D)
	$(UNIT_CC) $(UNIT_CFLAGS) -Ikmod -o $@ tests/unit/test_parse.c kmod/ks_parse.c

unit: $(BUILD)/unit/test_parse
	$(BUILD)/unit/test_parse
	$(MAKE) -C cli unit

vm-check:
	tests/vm/check.sh

deb: setup
	packaging/build-deb.sh

fleet-check: setup
	tests/fleet/check.sh

intree-patch:
	intree/gen-patches.py $(KSRC) patches

check-patches: setup
	rm -rf $(BUILD)/intree/patches
	intree/gen-patches.py $(KSRC) $(BUILD)/intree/patches
	@diff -ru patches $(BUILD)/intree/patches || \
		{ echo "patches/ is out of date with kmod/ or intree/: run make intree-patch"; exit 1; }

check-intree: setup
	tests/vm/check-intree.sh

lint: setup
	tests/lint/run.sh

fuzz: setup
	tests/fuzz/run.sh $(FUZZ_SECONDS)

fuzz-short: setup
	tests/fuzz/run.sh $(FUZZ_SHORT_SECONDS)

stress: setup
	KS_CHECK_RUNS=stress KS_STRESS_SECONDS=$(STRESS_SECONDS) tests/vm/check.sh

demo: setup
	tests/vm/demo.sh

bench:
	tests/vm/bench.sh

clean:
	rm -rf $(BUILD)
	rm -f kmod/*.o kmod/*.ko kmod/*.mod kmod/*.mod.c kmod/.*.cmd kmod/modules.order \
	      kmod/Module.symvers kmod/arch/x86/*.o kmod/arch/x86/.*.cmd
