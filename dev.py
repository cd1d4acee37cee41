"""Set up and run bantin with nothing but Python 3.10+ (Linux, macOS, Windows).

    python3 dev.py run    # set up, build/update the index from corpus/, serve on 127.0.0.1:8000
    python3 dev.py test   # set up (with test tools) and run the test suite
    python3 dev.py bench  # set up (with psutil) and run bench/run.py (see the README)

Set-up makes a virtual environment in .venv and installs the project into it; it is
repeated only when pyproject.toml changes. Extra arguments go to ``bantin serve``
(``run``), to pytest (``test``) or to bench/run.py (``bench``).
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def set_up(extras: str) -> None:
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    print(f"Installing bantin{f'[{extras}]' if extras else ''} into .venv ...", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-e", target], cwd=ROOT, check=True)
    stamp.write_text(wanted)


def bantin(*args: str) -> None:
    subprocess.run([str(PYTHON), "-m", "cli", *args], cwd=ROOT, check=True)


def run(extra: list[str]) -> int:
    set_up("")
    bantin("index", "--corpus", "corpus", "--index", "index")
    bantin("serve", "--index", "index", *extra)
    return 0


def test(extra: list[str]) -> int:
    set_up("test")
    return subprocess.run([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT).returncode


def bench(extra: list[str]) -> int:
    set_up("bench")
    return subprocess.run([str(PYTHON), str(ROOT / "bench" / "run.py"), *extra], cwd=ROOT).returncode


def main() -> int:
    commands = {"run": run, "test": test, "bench": bench}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    try:
        return commands[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as error:
        return error.returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
