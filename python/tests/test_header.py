"""include/cvmbench.h, the library and the package agree: a C program built against the header opens the simulated
device, copies through it and reports the structures' layout, which must be the package's. Skips without a C compiler
or outside a checkout."""
import ctypes
import os
import shutil
import subprocess
import tempfile
import unittest

import cvmbench
from cvmbench import _library

HEADER = os.path.join(os.path.dirname(__file__), "..", "..", "include", "cvmbench.h")
COMPILER = shutil.which("cc") or shutil.which("gcc")

PROGRAM = r"""
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "cvmbench.h"

int main(void) {
    cvm_options options = {2, 0, 0};
    cvm_pipeline pipeline = 0;
    if (cvm_open(CVM_SIMULATED_DEVICE, &options, &pipeline) != CVM_OK) { printf("open: %s\n", cvm_last_error()); return 1; }
    char data[100000], back[100000];
    for (int i = 0; i < (int)sizeof data; i++) data[i] = (char)(i * 7);
    cvm_device_ptr memory = 0;
    if (cvm_device_alloc(pipeline, sizeof data, &memory) != CVM_OK) return 2;
    cvm_piece pieces[2] = {{data, memory, 60000}, {data + 60000, memory + 60000, 40000}};
    if (cvm_copy_pieces_to_device(pipeline, pieces, 2) != CVM_OK) return 3;
    if (cvm_copy_to_host(pipeline, back, memory, sizeof back) != CVM_OK) return 4;
    cvm_timeline timeline;
    if (cvm_last_timeline(pipeline, &timeline) != CVM_OK) return 5;
    int wrong = cvm_copy_to_device(pipeline, memory + 1, data, sizeof data);
    int closed = (cvm_close(pipeline), cvm_copy_to_host(pipeline, back, memory, 1));
    printf("%d %d %lld %d %d %s|%zu %zu %zu %zu %zu %zu %zu\n", cvm_abi_version(), memcmp(data, back, sizeof data) == 0,
           (long long)timeline.bytes, wrong, closed, cvm_last_error(),
           sizeof(cvm_options), sizeof(cvm_piece), sizeof(cvm_timeline), offsetof(cvm_timeline, total),
           sizeof(cvm_info), offsetof(cvm_info, chunk_bytes), offsetof(cvm_info, segment_bytes));
    return 0;
}
"""


@unittest.skipIf(COMPILER is None, "no C compiler (cc or gcc) on this machine")
@unittest.skipUnless(os.path.isfile(HEADER), "include/cvmbench.h is not here (outside a checkout)")
class Header(unittest.TestCase):
    def test_a_c_program_built_against_the_header_copies_and_sees_the_packages_layout(self):
        library = cvmbench.library_path()
        with tempfile.TemporaryDirectory() as work:
            program = os.path.join(work, "check")
            with open(program + ".c", "w") as source:
                source.write(PROGRAM)
            subprocess.run([COMPILER, "-std=c11", "-Wall", "-Werror", "-I", os.path.dirname(HEADER), program + ".c",
                            library, "-o", program], check=True)
            run = subprocess.run([program], capture_output=True, text=True, env={**os.environ,
                                 "LD_LIBRARY_PATH": os.path.dirname(library)})
        self.assertEqual(0, run.returncode, run.stdout + run.stderr)
        behaviour, layout = run.stdout.strip().split("|")
        version, same, moved, wrong, closed, error = behaviour.split(" ", 5)
        self.assertEqual(str(_library.ABI_VERSION), version)
        self.assertEqual("1", same, "the bytes came back different")
        self.assertEqual("100000", moved, "the timeline's size")
        self.assertEqual(str(_library.INVALID_ARGUMENT), wrong, "a range past the allocation's end")
        self.assertEqual(str(_library.CLOSED), closed, "a closed handle")
        self.assertRegex(error, r"^pipeline \d+ is closed")
        self.assertEqual([ctypes.sizeof(_library.Options), ctypes.sizeof(_library.Piece), ctypes.sizeof(_library.TimelineStruct),
                          _library.TimelineStruct.total.offset, ctypes.sizeof(_library.InfoStruct),
                          _library.InfoStruct.chunk_bytes.offset, _library.InfoStruct.segment_bytes.offset],
                         [int(value) for value in layout.split()])


if __name__ == "__main__":
    unittest.main()
