set -u
OUT=${OUT:-out}; mkdir -p $OUT
bash scripts/gpu-suite.sh > $OUT/suite.txt 2>&1
cat $OUT/suite.txt | tail -5
bash scripts/capture-platform.sh /tmp/h100-capture > $OUT/capture.log 2>&1; tar -C /tmp -czf $OUT/h100-capture.tgz h100-capture
work=$(ls -d /tmp/tmp.*/bin | head -1); bin=$work/cvmbench; echo "bin=$bin"
bash bench/pinned-vs-peers.sh $bin $OUT > $OUT/bench.log 2>&1; cat $OUT/pinned-vs-peers.txt
timeout 200 $bin sweep --sizes 4KiB..1GiB:x4 --memory pinned,pageable,registered --direction h2d,d2h --json > $OUT/sweep.json 2> $OUT/sweep.err; echo "sweep rc=$?"
timeout 60 $bin bandwidthtest > $OUT/bwt-pinned.txt 2>$OUT/bwt.err; timeout 60 $bin bandwidthtest --memory=pageable --csv > $OUT/bwt-pageable.csv 2>>$OUT/bwt.err; echo "bwt rc=$?"
cat $OUT/bwt-pinned.txt | head -30; cat $OUT/bwt-pageable.csv
tail -25 $OUT/run.txt
