"""A training file that is only a name: stubs by their syntax tree, and LFS pointers."""

from __future__ import annotations

import pytest

from registry.checks.code.stubs import lfs_pointer_size, stub_reason

POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\nsize 48213\n"
)


@pytest.mark.parametrize(
    ("path", "text", "held"),
    [
        ("train.py", "", "it is empty"),
        ("train.py", "import torch\nimport yaml\n", "imports"),
        ("train.py", "# TODO: release the loop\npass\n", "`pass` and a TODO comment"),
        ("train.py", '"""Trains OW-7B."""\n\ndef train(cfg):\n    raise NotImplementedError("soon")\n',
         "a docstring, empty functions and `raise NotImplementedError`"),
        ("train.py", "def main():\n    ...\n\nif __name__ == '__main__':\n    main()\n",
         "calls to its own empty functions"),
        ("pretrain.py", "import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr')\n"
         "args = p.parse_args()\nprint(args)\n", "argument parsing or printing"),
        ("train.py", "LR = 3e-4\nSTEPS: int = 1000\n", "assignments"),
        ("train.py", "import sys\nraise SystemExit('Training code is proprietary.')\n",
         "imports and `raise SystemExit(...)`"),
        ("train.py", "def main():\n    raise RuntimeError('not released')\n", "`raise RuntimeError(...)`"),
        ("train.py", '"""Our loop:\n    loss.backward()\n    optimizer.step()\n"""\n', "a docstring"),
        ("train.sh", "#!/bin/bash\necho 'training code coming soon'\nexit 0\n", "echo text or exit"),
        ("train.ipynb", "", "it is empty"),  # a notebook without code cells, read as Python
    ],
)  # fmt: skip
def test_stubs_say_what_they_hold(path: str, text: str, held: str) -> None:
    reason = stub_reason(path, text)
    assert reason is not None and reason.startswith(f"{path} is a stub: ")
    assert held in reason and reason.endswith("it runs no training")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # Short scripts that run a library's trainer are training code, not stubs.
        ("train.py", "from olmo.train import main\nmain()\n"),
        ("train.py", "import hydra\n\n@hydra.main(config_path='conf')\ndef main(cfg):\n    pass\n"),
        ("train.py", "from lab import trainer\ntrainer.fit(config='7b.yaml')\n"),
        # Importing a module runs it: `import lab.train` may be the whole launcher.
        ("train.py", "import lab.pretrain\n"),
        ("train.py", "from lab.recipes import *\n"),
        ("train.py", "def main():\n    main()\n"),  # calls itself: not shown to be empty
        ("train.py", "raise SystemExit(run())\n"),  # the message is computed: it runs run()
        ("train.py", "raise\n"),
        ("train.py", "exec(open('configurator.py').read())\n"),
        ("train.py", "import torch\nfor step in range(10):\n    pass\n"),  # a loop is not inert
        ("train.sh", "#!/bin/bash\ntorchrun --nproc_per_node 8 pretrain.py\n"),
        # Unparseable or not code: not shown to be a stub either way.
        ("train.py", "def broken(:\n"),
        ("train.py", POINTER),
        ("configs/7b.yaml", ""),
        ("README.md", "# x\n"),
    ],
)
def test_code_that_may_run_something_is_no_stub(path: str, text: str) -> None:
    assert stub_reason(path, text) is None


@pytest.mark.parametrize(
    ("text", "size"),
    [(POINTER, 48213), (POINTER.replace("size 48213\n", ""), 0), ("import torch\n", None),
     ("version 1.0\n", None), ("# version https://git-lfs.github.com/spec/v1\n", None)],
)  # fmt: skip
def test_lfs_pointers_are_recognised_with_their_size(text: str, size: int | None) -> None:
    assert lfs_pointer_size(text) == size
