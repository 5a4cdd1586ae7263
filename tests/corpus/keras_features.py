"""What each Keras corpus file uses, read from its source (AST only: no Keras import), as tables.

    python tests/corpus/keras_features.py            # print the tables
    python tests/corpus/keras_features.py --write    # refresh them in keras/README.md
    python tests/corpus/keras_features.py --check    # exit 1 if keras/README.md is stale

The README's coverage tables are this script's output, so they cannot drift from the files
(tests/test_keras_corpus.py runs --check). Features are found by spelling, which is enough for
files written to be read: layer classes (`layers.Conv2D`, `tf.keras.layers.Conv2D`, ...), raw
TensorFlow calls (`tf.*`), `keras.ops` calls, chosen layer arguments, and the model's structure.
The scaffolding functions get_inputs() and get_init_inputs() are not scanned.
"""
from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
KERAS_DIR = HERE / "keras"
README = KERAS_DIR / "README.md"
BEGIN, END = "<!-- keras-features:begin -->", "<!-- keras-features:end -->"
SCAFFOLD = {"get_inputs", "get_init_inputs"}

# layer keyword arguments worth a row: name -> None (any value) or the values that count
ARGUMENTS = {
    "use_bias": [False], "kernel_initializer": None, "bias_initializer": None,
    "embeddings_initializer": None, "kernel_regularizer": None, "bias_regularizer": None,
    "activity_regularizer": None, "kernel_constraint": None, "data_format": ["channels_first"],
    "dilation_rate": None, "return_sequences": [True], "return_state": [True],
    "initial_state": None, "go_backwards": [True], "reset_after": [True, False],
    "mask_zero": [True], "dropout": None, "recurrent_dropout": None, "use_causal_mask": [True],
    "return_attention_scores": [True], "merge_mode": None, "interpolation": None,
    "padding": ["same", "valid", "causal"], "depth_multiplier": None, "momentum": None,
    "epsilon": None, "axis": None, "groups": None, "negative_slope": None, "max_value": None,
}
# keyword arguments of a layer *call* (`lstm(x, initial_state=...)`), whatever is called
CALL_ARGUMENTS = {"initial_state": None, "use_causal_mask": [True],
                  "return_attention_scores": [True], "attention_mask": None}


@dataclass
class FileFeatures:
    name: str
    kind: str                       # sequential / functional / subclassed, from how Model is built
    imports: list[str]              # "import keras", "from tensorflow import keras", "tf.keras"
    summary: str                    # first line of the module docstring
    features: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _chain(node) -> list[str] | None:
    """`tf.keras.layers.Dense` -> ["tf", "keras", "layers", "Dense"]; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


CONSTANTS: dict[str, object] = {}   # module-level NAME = literal of the file being read


def _literal(node):
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return CONSTANTS[node.id]
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return ...


def _constants(tree: ast.Module) -> dict[str, object]:
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError):
                pass
    return out


def _imports(tree: ast.Module) -> tuple[list[str], set[str], set[str]]:
    """(spellings, names bound to keras.layers, names bound to keras.ops)."""
    spellings, layer_names, ops_names = [], {"layers"}, set()
    uses_tf_keras = any(_chain(n) and _chain(n)[:2] == ["tf", "keras"]
                        for n in ast.walk(tree) if isinstance(n, ast.Attribute))
    for node in tree.body:
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "keras":
                    spellings.append("import keras")
                if a.name == "tensorflow" and uses_tf_keras:
                    spellings.append("tf.keras")
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            for a in node.names:
                bound = a.asname or a.name
                if mod == "keras":
                    spellings.append("import keras")
                if (mod == "tensorflow" and a.name == "keras") or mod.startswith("tensorflow.keras"):
                    spellings.append("from tensorflow import keras")
                if a.name == "layers" and mod in ("keras", "tensorflow.keras"):
                    layer_names.add(bound)
                if a.name == "ops" and mod == "keras":
                    ops_names.add(bound)
    return sorted(set(spellings), key=["import keras", "from tensorflow import keras",
                                       "tf.keras"].index), layer_names, ops_names


def _kind(tree: ast.Module) -> str:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "Model":
            return "subclassed"
        if isinstance(node, ast.FunctionDef) and node.name == "Model":
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and (_chain(sub.func) or [""])[-1] == "Sequential":
                    return "sequential"
            return "functional"
    raise ValueError("no top-level Model")


def _is_layer_chain(chain, layer_names) -> bool:
    return len(chain) >= 2 and chain[-2] in layer_names and chain[-1][:1].isupper()


def analyse(path: Path) -> FileFeatures:
    tree = ast.parse(path.read_text())
    CONSTANTS.clear()
    CONSTANTS.update(_constants(tree))
    imports, layer_names, ops_names = _imports(tree)
    doc = (ast.get_docstring(tree) or "").strip().splitlines()
    ff = FileFeatures(path.stem, _kind(tree), imports, doc[0] if doc else "")
    f = ff.features
    f["structure"].add({"sequential": "Sequential", "functional": "functional API",
                        "subclassed": "subclassed keras.Model"}[ff.kind])
    for spelling in imports:
        f["imports"].add(spelling)

    body = [n for n in tree.body
            if not (isinstance(n, ast.FunctionDef) and n.name in SCAFFOLD)]
    for top in body:
        _structure(top, ff)
        for node in ast.walk(top):
            if isinstance(node, ast.Call):
                _call(node, ff, layer_names, ops_names)
            elif isinstance(node, ast.Attribute):
                chain = _chain(node)
                if chain and len(chain) >= 3 and chain[-2] == "activations" and "keras" in chain:
                    f["keras.activations / initializers / ..."].add("activations." + chain[-1])
    return ff


def _structure(top, ff: FileFeatures) -> None:
    f = ff.features["structure"]
    if isinstance(top, ast.ClassDef):
        bases = {(_chain(b) or [""])[-1] for b in top.bases}
        methods = {n.name: n for n in top.body if isinstance(n, ast.FunctionDef)}
        if "Layer" in bases:
            f.add("custom Layer subclass")
        if "build" in methods:
            f.add("build()")
        if "get_config" in methods:
            f.add("get_config()")
        call = methods.get("call")
        if call is not None:
            params = [a.arg for a in call.args.args[1:]] + [a.arg for a in call.args.kwonlyargs]
            if "training" in params:
                f.add("call(..., training=None)")
            if top.name == "Model" and len([p for p in params if p not in ("training", "mask")]) > 1:
                f.add("several inputs")
            if top.name == "Model":
                for ret in ast.walk(call):
                    if isinstance(ret, ast.Return) and isinstance(ret.value, (ast.Tuple, ast.List)):
                        f.add("several outputs")
        # one layer called from several places: shared weights (or a reused stateless layer)
        made = {t.attr for node in ast.walk(top) if isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call) for t in node.targets
                if isinstance(t, ast.Attribute) and _chain(t) and _chain(t)[0] == "self"}
        sites = defaultdict(int)
        for node in ast.walk(top):
            chain = _chain(node.func) if isinstance(node, ast.Call) else None
            if chain and len(chain) == 2 and chain[0] == "self" and chain[1] in made:
                sites[chain[1]] += 1
        if any(n > 1 for n in sites.values()):
            f.add("layer called more than once")
    elif isinstance(top, ast.FunctionDef):
        made = set()     # names bound to a called constructor: a layer or a built model
        sites = defaultdict(int)
        for node in ast.walk(top):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                    and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                    and not isinstance(node.value.func, ast.Call):
                made.add(node.targets[0].id)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                sites[node.func.id] += 1
            if top.name == "Model" and isinstance(node, ast.Call) and \
                    (_chain(node.func) or [""])[-1] == "Model":
                args = dict(zip(("inputs", "outputs"), node.args))
                args.update({k.arg: k.value for k in node.keywords})
                for role in ("inputs", "outputs"):
                    v = args.get(role)
                    if isinstance(v, (ast.List, ast.Tuple, ast.Dict)):
                        f.add(f"several {role}")
                    if isinstance(v, ast.Dict):
                        f.add(f"dict {role}")
        if any(sites[n] > 1 for n in made):
            f.add("layer called more than once")


def _call(node: ast.Call, ff: FileFeatures, layer_names, ops_names) -> None:
    f = ff.features
    for kw in node.keywords:
        if kw.arg in CALL_ARGUMENTS:
            wanted, value = CALL_ARGUMENTS[kw.arg], _literal(kw.value)
            if wanted is None:
                f["arguments"].add(f"{kw.arg}=")
            elif value in wanted:
                f["arguments"].add(f"{kw.arg}={value!r}")
    chain = _chain(node.func)
    if chain is None:
        return
    if chain[0] == "tf" and len(chain) > 1 and chain[1] != "keras":
        f["raw TensorFlow ops"].add(".".join(chain))
    if (chain[0] in ops_names and len(chain) == 2) or chain[:2] == ["keras", "ops"]:
        f["keras.ops"].add("ops." + ".".join(chain[1:] if chain[0] in ops_names else chain[2:]))
    if chain[-1] in ("add_weight", "add_loss") and chain[0] == "self":
        f["structure"].add(f"self.{chain[-1]}()")
    if chain[-2:-1] == ["random"] and "keras" in chain or chain[-1] == "SeedGenerator":
        f["keras.activations / initializers / ..."].add("random." + chain[-1])
    for part in ("initializers", "regularizers", "constraints"):
        if len(chain) >= 2 and chain[-2] == part:
            f["keras.activations / initializers / ..."].add(f"{part}.{chain[-1]}")
    if len(chain) >= 2 and chain[-2] in layer_names and chain[-1][:1].islower():
        f["layers"].add(f"layers.{chain[-1]} (merge function)")
    if not (_is_layer_chain(chain, layer_names) or chain[-1] in ("Input", "Sequential")):
        return
    if chain[-1] == "Sequential":
        return
    f["layers"].add(chain[-1])
    strides = None
    for kw in node.keywords:
        if kw.arg == "activation":
            value = _literal(kw.value)
            if isinstance(value, str):
                f["arguments"].add("activation='...'")
            elif isinstance(kw.value, ast.Attribute):
                f["arguments"].add("activation=<callable>")
            elif value is not None:
                f["arguments"].add("activation=<variable>")
        if kw.arg == "strides":
            strides = _literal(kw.value)
        if kw.arg not in ARGUMENTS:
            continue
        wanted, value = ARGUMENTS[kw.arg], _literal(kw.value)
        if wanted is None:
            f["arguments"].add(f"{kw.arg}=")
        elif value in wanted:
            f["arguments"].add(f"{kw.arg}={value!r}")
    if strides is None and len(node.args) >= 3 and chain[-1].startswith("Conv"):
        strides = _literal(node.args[2])
    padding = {kw.arg: _literal(kw.value) for kw in node.keywords}.get("padding")
    if strides in (2, (2, 2), [2, 2]) and padding == "same":
        f["arguments"].add("padding='same' with strides=2")


def corpus() -> list[FileFeatures]:
    return [analyse(p) for p in sorted(KERAS_DIR.glob("*.py")) if not p.stem.startswith("_")]


CATEGORIES = ("structure", "imports", "layers", "arguments", "raw TensorFlow ops", "keras.ops",
              "keras.activations / initializers / ...")


def tables(files: list[FileFeatures] | None = None) -> str:
    files = corpus() if files is None else files
    kinds = defaultdict(int)
    for ff in files:
        kinds[ff.kind] += 1
    out = [f"{len(files)} models: " + ", ".join(f"{kinds[k]} {k}" for k in
                                                ("sequential", "functional", "subclassed")) + ".",
           "", "| file | kind | imports | what it is |", "|---|---|---|---|"]
    for ff in files:
        out.append(f"| `{ff.name}` | {ff.kind} | {'; '.join(f'`{s}`' for s in ff.imports)} | "
                   f"{ff.summary.replace('|', '/')} |")
    for cat in CATEGORIES:
        index = defaultdict(list)
        for ff in files:
            for feat in ff.features.get(cat, ()):
                index[feat].append(ff.name)
        out += ["", f"**{cat}**", "", "| feature | files | where |", "|---|---:|---|"]
        for feat in sorted(index, key=lambda s: (s.lower(), s)):   # stable: sets vary by run
            out.append(f"| `{feat}` | {len(index[feat])} | {', '.join(index[feat])} |")
    return "\n".join(out) + "\n"


def _readme_with(text: str) -> str:
    readme = README.read_text()
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{text}{END}{tail}"


def main(argv: list[str]) -> int:
    text = tables()
    if "--write" in argv:
        README.write_text(_readme_with(text))
        return 0
    if "--check" in argv:
        if README.read_text() != _readme_with(text):
            print(f"{README} is stale: run python {Path(__file__).relative_to(Path.cwd())} --write"
                  if Path.cwd() in Path(__file__).parents else f"{README} is stale", file=sys.stderr)
            return 1
        return 0
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
