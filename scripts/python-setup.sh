#!/usr/bin/env bash
# Builds libcvmbench.so and makes `import cvmbench` work for this python3 (or $PYTHON), offline: the package stays in
# this checkout (python/cvmbench, the library beside it) and a cvmbench.pth file in the user site-packages (a virtual
# environment's own site-packages when one is active) puts python/ on the import path. No pip, wheel or index needed.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
bash scripts/build-native.sh >/dev/null
site=$("$python" - <<'PY'
import site, sys, sysconfig
in_venv = sys.prefix != sys.base_prefix
print(sysconfig.get_paths()["purelib"] if in_venv or not site.ENABLE_USER_SITE else site.getusersitepackages())
PY
)
mkdir -p "$site"
printf '%s\n' "$PWD/python" > "$site/cvmbench.pth"
"$python" -c 'import cvmbench; print("cvmbench imports from", cvmbench.__path__[0], "with", cvmbench.library_path())'
