#!/usr/bin/env python3
"""Generate the in-tree killswitch patch series from kmod/ and intree/.

Usage: gen-patches.py KSRC OUTDIR

KSRC is a kernel source tree, or a .tar.xz of one with a single top-level
directory such as /usr/src/linux-source-6.12.tar.xz. Only the files the
series changes are read.
OUTDIR receives 0001-*.patch ... in `git format-patch` form, ready for
`git am` in a git tree of KSRC. The output depends only on the inputs:
commit dates, author and the From line are fixed, so regenerating from
unchanged sources gives identical files.

The series:
  1. the taint flag TAINT_KILLSWITCH
  2. the lockdown reason LOCKDOWN_KILLSWITCH
  3. security/killswitch/: kmod/ as it is, with intree/Kconfig, and the
     killswitch= entry of kernel-parameters.txt
  4. Documentation/admin-guide/killswitch.rst
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KMOD = os.path.join(ROOT, "kmod")
INTREE = os.path.join(ROOT, "intree")

AUTHOR = "killswitch developers <killswitch@localhost>"
DATE = "2026-01-01T00:00:00+00:00"

# The taint bit the series adds: the first free one in 6.12.
TAINT_BIT = 19


class EditError(Exception):
    pass


def die(message):
    sys.stderr.write("gen-patches.py: error: %s\n" % message)
    sys.exit(1)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def replace_once(text, old, new, where):
    """Replace the one occurrence of old in text; fail unless there is one."""
    count = text.count(old)
    if count != 1:
        raise EditError("%s: expected the text %r once, found it %d times"
                        % (where, old.strip(), count))
    return text.replace(old, new)


def edit(tree, path, func):
    full = os.path.join(tree, path)
    if not os.path.exists(full):
        raise EditError("%s is missing from the kernel tree" % path)
    write(full, func(read(full), path))


def edit_panic_h(text, where):
    text = replace_once(
        text, "#define TAINT_FLAGS_COUNT\t\t%d\n" % TAINT_BIT,
        "#define TAINT_KILLSWITCH\t\t%d\n#define TAINT_FLAGS_COUNT\t\t%d\n"
        % (TAINT_BIT, TAINT_BIT + 1), where)
    return text


def edit_panic_c(text, where):
    return replace_once(
        text, "\tTAINT_FLAG(TEST,\t\t\t'N', ' ', true),\n",
        "\tTAINT_FLAG(TEST,\t\t\t'N', ' ', true),\n"
        "\tTAINT_FLAG(KILLSWITCH,\t\t\t'Z', ' ', false),\n", where)


def edit_tainted_rst(text, where):
    text = replace_once(
        text,
        " 18  _/N  262144  an in-kernel test has been run\n",
        " 18  _/N  262144  an in-kernel test has been run\n"
        " 19  _/Z  524288  killswitch short-circuited a kernel function\n",
        where)
    return replace_once(
        text,
        " 18) ``N`` if an in-kernel test, such as a KUnit test, has been run.\n",
        " 18) ``N`` if an in-kernel test, such as a KUnit test, has been run.\n"
        "\n"
        " 19) ``Z`` if killswitch made a kernel function return a fixed value\n"
        "     without running its body at some point since boot. The flag stays\n"
        "     set after the function is restored, because the calls made in the\n"
        "     meantime saw a result the function never computed. See\n"
        "     Documentation/admin-guide/killswitch.rst.\n", where)


def edit_chktaint(text, where):
    block = ('\taddout "N"\n'
             '\techo " * an in-kernel test (such as a KUnit test) has been run (#18)"\n'
             'fi\n')
    return replace_once(
        text, block,
        block + "\n"
        "T=`expr $T / 2`\n"
        "if [ `expr $T % 2` -eq 0 ]; then\n"
        "\taddout \" \"\n"
        "else\n"
        "\taddout \"Z\"\n"
        "\techo \" * killswitch short-circuited a kernel function (#19)\"\n"
        "fi\n", where)


def edit_security_h(text, where):
    return replace_once(
        text, "\tLOCKDOWN_XEN_USER_ACTIONS,\n\tLOCKDOWN_INTEGRITY_MAX,\n",
        "\tLOCKDOWN_XEN_USER_ACTIONS,\n\tLOCKDOWN_KILLSWITCH,\n"
        "\tLOCKDOWN_INTEGRITY_MAX,\n", where)


def edit_security_c(text, where):
    return replace_once(
        text,
        "\t[LOCKDOWN_XEN_USER_ACTIONS] = \"Xen guest user action\",\n",
        "\t[LOCKDOWN_XEN_USER_ACTIONS] = \"Xen guest user action\",\n"
        "\t[LOCKDOWN_KILLSWITCH] = \"killswitch function short-circuit\",\n",
        where)


def edit_security_kconfig(text, where):
    return replace_once(
        text, "source \"security/ipe/Kconfig\"\n",
        "source \"security/ipe/Kconfig\"\nsource \"security/killswitch/Kconfig\"\n",
        where)


def edit_security_makefile(text, where):
    return replace_once(
        text, "obj-$(CONFIG_SECURITY_IPE)\t\t+= ipe/\n",
        "obj-$(CONFIG_SECURITY_IPE)\t\t+= ipe/\n"
        "obj-$(CONFIG_SECURITY_KILLSWITCH)\t+= killswitch/\n", where)


def edit_admin_index(text, where):
    return replace_once(
        text, "   tainted-kernels\n",
        "   tainted-kernels\n   killswitch\n", where)


def edit_kernel_parameters(text, where):
    entry = (
        "\tkillswitch=\t[SECURITY] Functions that killswitch makes return a\n"
        "\t\t\tfixed value from boot on, before init runs.\n"
        "\t\t\tFormat: [<module>:]<symbol>=<retval>[,...]\n"
        "\t\t\t<retval> is a decimal or 0x-prefixed number or a\n"
        "\t\t\tnegated errno name such as -EPERM. Entries are\n"
        "\t\t\tapplied one by one; a bad entry is logged and\n"
        "\t\t\tskipped. Needs CONFIG_SECURITY_KILLSWITCH=y.\n"
        "\t\t\tSee Documentation/admin-guide/killswitch.rst.\n\n")
    return replace_once(text, "\tkmac=\t\t[MIPS]", entry + "\tkmac=\t\t[MIPS]",
                        where)


def extract(tarball, paths, dest):
    """Extract paths from tarball into dest; return the tree's directory."""
    # The first member names the top-level directory; stop listing there.
    lister = subprocess.Popen(["tar", "-tJf", tarball], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL,
                              universal_newlines=True)
    top = lister.stdout.readline().strip().split("/")[0]
    lister.kill()
    lister.wait()
    if not top:
        die("%s is empty" % tarball)
    run(["tar", "-xJf", tarball, "-C", dest]
        + ["%s/%s" % (top, path) for path in paths], dest)
    return os.path.join(dest, top)


def maintainers_headers(text):
    """Yield (offset, name) of each entry header in MAINTAINERS."""
    offset = 0
    previous_blank = False
    for line in text.splitlines(True):
        if previous_blank and line.strip() and line[0].isupper() \
                and ":" not in line[:2]:
            yield offset, line.rstrip("\n")
        previous_blank = not line.strip()
        offset += len(line)


def edit_maintainers_add(text, where):
    """Add the KILLSWITCH entry before the first entry sorting after it."""
    entry = ("KILLSWITCH\n"
             "M:\t%s\n"
             "L:\tlinux-security-module@vger.kernel.org\n"
             "S:\tMaintained\n"
             "F:\tsecurity/killswitch/\n\n" % AUTHOR)
    for offset, name in maintainers_headers(text):
        if name.startswith("K") and name > "KILLSWITCH":
            return text[:offset] + entry + text[offset:]
    raise EditError("%s: no entry after KILLSWITCH" % where)


def edit_maintainers_doc(text, where):
    return replace_once(
        text, "S:\tMaintained\nF:\tsecurity/killswitch/\n",
        "S:\tMaintained\nF:\tDocumentation/admin-guide/killswitch.rst\n"
        "F:\tsecurity/killswitch/\n", where)


def run(args, cwd, env=None):
    result = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True)
    if result.returncode != 0:
        die("%s failed in %s: %s" % (" ".join(args), cwd, result.stderr.strip()))
    return result.stdout


def kmod_files():
    """Return the kmod/ files that the in-tree build uses, relative to kmod/."""
    files = []
    for dirpath, dirnames, filenames in os.walk(KMOD):
        dirnames.sort()
        for name in sorted(filenames):
            if name == "Kbuild" or name.endswith((".c", ".h", ".S")):
                if name.endswith(".mod.c"):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), KMOD)
                files.append(rel)
    return files


def main():
    if len(sys.argv) != 3:
        die("usage: gen-patches.py KSRC OUTDIR")
    ksrc, outdir = sys.argv[1], sys.argv[2]
    tarball = os.path.isfile(ksrc) and ksrc.endswith(".tar.xz")
    if not tarball and not os.path.isfile(os.path.join(ksrc, "Makefile")):
        die("%s is not a kernel source tree or .tar.xz: give KSRC=DIR"
            % ksrc)

    series = [
        ("panic: add a taint flag for short-circuited functions",
         "killswitch makes a kernel function return a fixed value without\n"
         "running its body. Every caller that ran while it was engaged saw a\n"
         "result the function never computed, so a later oops report must\n"
         "say so even after the function is restored. Add TAINT_KILLSWITCH\n"
         "('Z'), which killswitch sets on the first engagement and never\n"
         "clears.\n",
         [("include/linux/panic.h", edit_panic_h),
          ("kernel/panic.c", edit_panic_c),
          ("Documentation/admin-guide/tainted-kernels.rst", edit_tainted_rst),
          ("tools/debugging/kernel-chktaint", edit_chktaint)]),
        ("lockdown: add a reason for killswitch",
         "Redirecting a kernel function is a change to the running kernel's\n"
         "code paths. Give it a reason of its own at the integrity level, so\n"
         "that lockdown rejects it under integrity and confidentiality and a\n"
         "policy or log can name it instead of borrowing the kgdb reason.\n",
         [("include/linux/security.h", edit_security_h),
          ("security/security.c", edit_security_c)]),
        ("security: add killswitch",
         "When a kernel vulnerability is public and the fixed kernel is days\n"
         "away, killswitch lets an administrator make the vulnerable function\n"
         "return a fixed error instead of running, through securityfs or the\n"
         "killswitch= boot parameter. Built in, an engagement given at boot\n"
         "is in place before init starts, which a module cannot offer.\n"
         "\n"
         "The sources are the same as those of the out-of-tree module;\n"
         "ks_compat.h holds what differs between the two builds. KUnit tests\n"
         "cover the control-language parser and the engagement lifecycle.\n",
         [("security/Kconfig", edit_security_kconfig),
          ("security/Makefile", edit_security_makefile),
          ("Documentation/admin-guide/kernel-parameters.txt",
           edit_kernel_parameters),
          ("MAINTAINERS", edit_maintainers_add)]),
        ("docs: add the killswitch admin guide",
         "Describe how to configure killswitch, the control language, the\n"
         "killswitch= boot parameter, the taint flag and the lockdown reason\n"
         "in one place for administrators.\n",
         [("Documentation/admin-guide/index.rst", edit_admin_index),
          ("MAINTAINERS", edit_maintainers_doc)]),
    ]
    new_files = {
        2: [("security/killswitch/" + rel, os.path.join(KMOD, rel))
            for rel in kmod_files()]
           + [("security/killswitch/Kconfig", os.path.join(INTREE, "Kconfig"))],
        3: [("Documentation/admin-guide/killswitch.rst",
             os.path.join(INTREE, "killswitch.rst"))],
    }
    # kmod/Kbuild is the in-tree Makefile as well.
    new_files[2] = [("security/killswitch/Makefile", src)
                    if dst == "security/killswitch/Kbuild" else (dst, src)
                    for dst, src in new_files[2]]

    touched = sorted({path for _, _, edits in series for path, _ in edits})
    env = dict(os.environ, GIT_AUTHOR_DATE=DATE, GIT_COMMITTER_DATE=DATE,
               GIT_AUTHOR_NAME="killswitch developers",
               GIT_AUTHOR_EMAIL="killswitch@localhost",
               GIT_COMMITTER_NAME="killswitch developers",
               GIT_COMMITTER_EMAIL="killswitch@localhost",
               GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    with tempfile.TemporaryDirectory(prefix="ks-gen-") as tree, \
            tempfile.TemporaryDirectory(prefix="ks-src-") as unpacked:
        if tarball:
            ksrc = extract(ksrc, touched, unpacked)
        for path in touched:
            src = os.path.join(ksrc, path)
            if not os.path.isfile(src):
                die("%s is missing from %s" % (path, ksrc))
            os.makedirs(os.path.dirname(os.path.join(tree, path)), exist_ok=True)
            # shutil.copy keeps the mode, which the index lines name.
            shutil.copy(src, os.path.join(tree, path))
        run(["git", "init", "-q"], tree, env)
        run(["git", "add", "-Af", "."], tree, env)
        run(["git", "commit", "-q", "-m", "base"], tree, env)
        for index, (subject, body, edits) in enumerate(series):
            try:
                for path, func in edits:
                    edit(tree, path, func)
            except EditError as e:
                die("%s: the kernel tree differs from the one the series is "
                    "made for (Debian linux-source-6.12)" % e)
            for dst, src in new_files.get(index, []):
                os.makedirs(os.path.dirname(os.path.join(tree, dst)),
                            exist_ok=True)
                shutil.copyfile(src, os.path.join(tree, dst))
            run(["git", "add", "-Af", "."], tree, env)
            run(["git", "commit", "-q", "-m",
                 "%s\n\n%s\nSigned-off-by: %s\n" % (subject, body, AUTHOR)],
                tree, env)
        os.makedirs(outdir, exist_ok=True)
        for name in os.listdir(outdir):
            if name.endswith(".patch"):
                os.remove(os.path.join(outdir, name))
        run(["git", "format-patch", "-q", "--zero-commit", "--no-signature",
             "--no-numbered", "--full-index", "-o", os.path.abspath(outdir),
             "HEAD~%d" % len(series)], tree, env)


if __name__ == "__main__":
    main()
