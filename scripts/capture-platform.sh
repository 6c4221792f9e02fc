#!/usr/bin/env bash
# Captures what `cvmbench probe` reads from this machine into OUTDIR, laid out as on the machine
# (OUTDIR/proc/cpuinfo, OUTDIR/sys/...), plus:
#   dmesg.txt   the kernel log, when it can be read
#   absent.txt  every path looked for and not found here, one a line, so the probe can tell
#               "not on the machine" from "not in the capture"
# Device nodes that exist (/dev/tdx_guest, /dev/sev-guest) become empty files; the entries of
# /sys/class/iommu become empty files named like them. Nothing large is copied.
#
# Usage: scripts/capture-platform.sh OUTDIR   (run as root to include debugfs and a restricted kernel log)
set -uo pipefail

out=${1:?usage: capture-platform.sh OUTDIR}
mkdir -p "$out"
: > "$out/absent.txt"

absent() { echo "$1" >> "$out/absent.txt"; }

# A regular file, copied when readable; a missing one is noted in absent.txt.
copy() {
    local path=$1
    if [ ! -e "$path" ]; then
        absent "$path"
        return
    fi
    mkdir -p "$out$(dirname "$path")"
    if ! cat "$path" > "$out$path" 2>/dev/null; then
        rm -f "$out$path"
        echo "capture-platform: $path is not readable; left out" >&2
    fi
}

# Only whether the path exists (device nodes).
mark() {
    local path=$1
    if [ -e "$path" ]; then
        mkdir -p "$out$(dirname "$path")"
        : > "$out$path"
    else
        absent "$path"
    fi
}

# A directory's entry names, as empty files; .keep holds an empty directory in git.
entries() {
    local dir=$1 entry
    if [ ! -d "$dir" ]; then
        absent "$dir"
        return
    fi
    mkdir -p "$out$dir"
    for entry in "$dir"/*; do
        [ -e "$entry" ] && : > "$out$dir/$(basename "$entry")"
    done
    [ -n "$(ls -A "$out$dir")" ] || : > "$out$dir/.keep"
}

# Files under directories that may or may not exist (hugepages-*, node*).
copy_each() {
    local dir=$1 pattern=$2 file entry
    shift 2
    if [ ! -d "$dir" ]; then
        absent "$dir"
        return
    fi
    for entry in "$dir"/$pattern; do
        [ -d "$entry" ] || continue
        for file in "$@"; do
            copy "$entry/$file"
        done
    done
}

for path in /proc/cpuinfo /proc/cmdline /proc/version /proc/meminfo \
    /proc/sys/kernel/osrelease /proc/sys/kernel/hostname \
    /sys/hypervisor/type /sys/class/dmi/id/sys_vendor /sys/class/dmi/id/product_name \
    /sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/mm/transparent_hugepage/defrag \
    /sys/kernel/debug/swiotlb/io_tlb_nslabs /sys/kernel/debug/swiotlb/io_tlb_used; do
    copy "$path"
done
mark /dev/tdx_guest
mark /dev/sev-guest
entries /sys/class/iommu
copy_each /sys/kernel/mm/hugepages 'hugepages-*' nr_hugepages free_hugepages
copy_each /sys/devices/system/node 'node[0-9]*' cpulist meminfo

if ! dmesg > "$out/dmesg.txt" 2>/dev/null; then
    rm -f "$out/dmesg.txt"
    echo "capture-platform: the kernel log is not readable (dmesg failed); left out" >&2
fi

echo "captured into $out"
