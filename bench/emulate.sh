#!/usr/bin/env bash
# On the GPU machine, in one call, with the Native AOT cvmbench that scripts/device-check.sh prepares (artifacts/gpu/bin.tgz):
#   1. emulate: every platform and strategy with its costs injected, both directions, 4 KiB to 1 GiB, beside the model
#      calibrated from the same run, with the plain pinned copy; plots, CSV and calibrated parameters under model-vs-hardware/
#   2. emulate --costs zero,none for TDX's strategies and CC's: the emulation's own overhead (the requirement: every
#      zero-cost emulation within 3% of the plain strategy it wraps), each pair measured on one strategy instance,
#      zero-cost and plain alternating sample by sample; 16 pairs per case and size (an even count, so the ABBA order
#      cancels a steady drift; 8 left 3% unresolved at a few sizes on the lent H100 VM), about 260 s there
#   3. convert: registration and host-allocation latencies (4 KiB and 2 MiB pages), AES-GCM and memcpy rates by thread count
# Every run goes into OUTDIR/emulate.db, which comes back with the rest: `cvmbench emulate --from-run RUN --store
# emulate.db` redoes the comparison anywhere, without a GPU. Each step has a time limit, so a slow one cannot take the
# others' time; a step cut short keeps what it measured in the store, marked incomplete.
# Usage: bench/emulate.sh CVMBENCH OUTDIR. EXTRA_ARGS adds options to every step (a dry run without a GPU:
# EXTRA_ARGS="--simulate --sizes 4KiB,1MiB"); STEPS picks steps (default "emulate overhead convert").
set -uo pipefail
bin=$1
out=$2
mkdir -p "$out"
store="$out/emulate.db"

step() {
    local name=$1 limit=$2
    shift 2
    local start=$SECONDS
    # SIGINT (Ctrl-C) at the limit: cvmbench stops (exit code 130) and its run stays stored, marked incomplete, with
    # every result that finished; SIGKILL 20 s later if it has not stopped.
    # shellcheck disable=SC2086 # EXTRA_ARGS is a list of options
    timeout -s INT -k 20 "$limit" "$bin" "$@" --store "$store" ${EXTRA_ARGS:-} >"$out/$name.txt" 2>"$out/$name.err"
    local code=$?
    echo "$name: exit code $code after $((SECONDS - start)) s (limit $limit s)" | tee -a "$out/steps.txt"
    if [ "$code" -ne 0 ] && [ "$1" = emulate ]; then
        # Cut short: compare what finished with the model (no GPU involved).
        local run
        run=$(sed -n 's/^cvmbench: run \([0-9a-f]\{8\}\).*/\1/p' "$out/$name.err" | head -1)
        if [ -n "$run" ]; then
            "$bin" emulate --from-run "$run" --store "$store" --out "$out/$name-partial" >"$out/$name.txt" 2>>"$out/$name.err"
            echo "$name: what finished of run $run compared with the model (exit code $?)" | tee -a "$out/steps.txt"
        fi
    fi
}

# On the lent H100 VM the emulate step took 217 to 239 s, the paired overhead check 131 s with 8 pairs, and convert
# 43 s (2026-11-25); each limit keeps about a tenth or more to spare. Together they pass the device tool's 10 minutes
# a call: run the overhead step in a call of its own there (STEPS=overhead).
steps=${STEPS:-emulate overhead convert}
for name in $steps; do
    case $name in
        emulate) step emulate 330 emulate --out "$out/model-vs-hardware" ;;
        overhead) step overhead 330 emulate --platform tdx,cc --costs zero,none --samples 16 ;;
        convert) step convert 90 convert ;;
        *) echo "no step '$name' (steps: emulate overhead convert)" >&2; exit 2 ;;
    esac
done

for name in $steps; do
    echo
    echo "===== $name ====="
    cat "$out/$name.txt"
done

echo
echo "===== verdicts ====="
for name in $steps; do
    [ "$name" = convert ] && continue
    grep -e '^Worst zero-cost emulation' -e '^Zero-cost emulation within' -e '^Resolved to' -e 'from the model by more than' -e '^Every emulated result is within' \
        "$out/$name.txt" | sed "s/^/$name: /"
done
case " $steps " in
    *" overhead "*) grep -q '^Zero-cost emulation within' "$out/overhead.txt" || echo "overhead: no verdict (overhead.err says why)" ;;
esac
