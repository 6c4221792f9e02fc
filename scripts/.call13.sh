set -u
o=$OUT
timeout 250 bash bench/staging-run.sh > $o/staging-run.txt 2>&1
w=$(mktemp -d); tar -C $w -xzf artifacts/gpu/bin.tgz
timeout 100 $w/bin/cvmbench sweep --sizes 16MiB..1GiB:x4 --memory staged,pinned,pageable --direction h2d,d2h --samples 5 --store $o/sweep.db > $o/sweep.txt 2>&1
$w/bin/cvmbench export $(grep -o 'run [0-9a-f]\{8\}' $o/sweep.txt | head -1 | cut -c5-) --store $o/sweep.db --out $o/sweep.json
cd $o && tar -czf /tmp/all.tgz . ; cat staging.md; tail -12 sweep.txt; rm -rf $o/*; mv /tmp/all.tgz $o/
