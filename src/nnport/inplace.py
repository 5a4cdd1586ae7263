"""`nnport convert PATH... --to X --in-place`: replace the inputs, and never lose one.

In three steps, so that a refusal writes nothing and an interruption loses nothing:
1. every input is converted in memory (the CLI's `_translate`); files the translation leaves as they
   are are not touched at all;
2. the files it would replace are checked with git (gitstate.py): one with uncommitted changes
   (modified, staged, untracked, ignored) stops the run with exit 2 unless --force; then the
   originals are backed up (backup.py) and the run says where;
3. the inputs are replaced, each atomically.
A directory PATH means its `*.py` files (the project mode, with notebooks and copies, needs --out-dir).
"""
from __future__ import annotations

import sys

from nnport import backup, gitstate


def convert_in_place(args, paths: list[str], run) -> bool:
    """Convert `paths` in place, recording each in `run` (cli._Run). False: refused, nothing written."""
    from nnport import cli

    changes = []
    for path in paths:
        done = cli._translate(args, path, run)
        if done is not None:
            source, code, diagnostics = done
            if code != source:
                changes.append((path, source, code))
            cli._converted(run, path, path, diagnostics)
    if not changes:
        return True
    failed = apply(changes, args.paths, force=args.force)
    if failed is None:
        return False
    for path, message in failed:
        run.error(path, message, output=path)
    return True


def refusal(changed: dict[str, str]) -> str:
    """The message for inputs git has no committed copy of."""
    lines = [f"  {path} ({what})" for path, what in sorted(changed.items())]
    return ("nnport: error: refusing to convert in place files with uncommitted changes (commit or stash "
            "them, or use --force; nnport backs up the originals either way):\n" + "\n".join(lines))


def apply(changes: list[tuple[str, str, str]], roots: list[str], force: bool) -> list[tuple[str, str]] | None:
    """Check, back up and replace each (path, source text read, new text).

    None when refused (the reason printed, nothing written); else the (path, message) of the files
    that could not be written (the others are written, their originals in the backup).
    """
    from nnport.io import atomic_write

    if not force:
        changed = gitstate.uncommitted([p for p, _, _ in changes])
        if changed:
            print(refusal(changed), file=sys.stderr)
            return None
    originals, failed = [], []
    for path, source, code in changes:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            failed.append((path, f"cannot read: {e.strerror or e}"))
            continue
        if data.decode("utf-8-sig", errors="replace") != source:
            failed.append((path, "changed while nnport converted it; not replaced"))
            continue
        originals.append((path, data, code))
    if not originals:
        return failed
    root = backup.backup_root(roots)
    try:
        folder = backup.create(root, [(p, data, code.encode("utf-8")) for p, data, code in originals])
    except OSError as e:
        print(f"nnport: error: cannot back up the originals in {root}: {e.strerror or e}; nothing replaced",
              file=sys.stderr)
        return None
    print(f"nnport: originals of {len(originals)} files backed up in {folder} (undo: nnport restore {folder})",
          file=sys.stderr)
    for n, (path, _, code) in enumerate(originals):
        try:
            atomic_write(path, code)
        except OSError as e:
            failed.append((path, f"cannot write {path}: {e.strerror or e}"))
        except KeyboardInterrupt:
            print(f"\nnnport: interrupted after replacing {n} of {len(originals)} files; the others are as "
                  f"they were; nnport restore {folder} puts the originals back", file=sys.stderr)
            raise
    return failed
