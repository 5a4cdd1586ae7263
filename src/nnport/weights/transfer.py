"""transfer_weights(src, dst): copy every weight, by module path, through the tables' layouts.

Each source module with weights is looked up in the source tables by its class; the module at the
same path in the target model in the target tables (by class, or by name for helper classes the
translation emitted). Weights meet at their canonical (pivot) names and are permuted by axis labels.
Weights of the user's own classes (nn.Parameter, buffers) keep their names and layouts.
Afterwards every target weight must have been written exactly once; anything else raises.

Two steps that may run in different interpreters: export_weights (source side: per module path, the
source entry's api and its arrays) and import_weights (target side: the rest); transfer_weights is
both in one process.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

import numpy as np

from nnport import frameworks
from nnport.errors import WeightTransferError
from nnport.frameworks.spec import W
from nnport.weights.layouts import permute


def runtime_of(model):
    for name in frameworks.NAMES:
        try:
            rt = importlib.import_module(f"nnport.frameworks.{name}.runtime")
        except ImportError:
            continue
        if rt.owns(model):
            return rt
    raise WeightTransferError(f"cannot tell the framework of a {type(model).__qualname__}")


def _entry_for(module, registry, rt):
    """The table entry of a module's class: exact class, else a helper class of that name, else
    the nearest table class it derives from (helpers such as ChannelsFirstConv(nnx.Conv))."""
    candidates = [e for e in registry if e.kind == "layer" and (e.weights or e.transfer is not None)]
    for entry in candidates:
        cls = rt.resolve(entry.api)
        if cls is not None and isinstance(cls, type) and type(module) is cls:
            return entry
        if cls is None and type(module).__name__ == entry.api.rpartition(".")[2]:
            return entry
    for base in type(module).__mro__[1:]:
        for entry in candidates:
            if rt.resolve(entry.api) is base:
                return entry
    return None


def _weightless_entry(module, registry, rt) -> bool:
    """Is the module's class a table layer without weights (a loss: its buffers are constructor values)?"""
    return any(e.kind == "layer" and not e.weights and e.transfer is None and
               (rt.resolve(e.api) is type(module) or "." not in e.api and type(module).__name__ == e.api)
               for e in registry)   # a helper class (undotted api) by its name, as _entry_for


@dataclass
class ModuleWeights:
    """One source module's arrays and the source table entry that says their layouts."""
    path: tuple[str, ...]
    api: str | None          # None: the user's own module (its parameters and buffers keep their names)
    arrays: dict[str, np.ndarray]
    positional: tuple[str, ...] | None = None   # the path with Sequential children by index, if different
    tied: tuple[str, ...] = ()   # arrays that are the same tensor as another module's (weight tying)


@dataclass
class WeightExport:
    """What the source side of a transfer reads from its model; needs nothing but numpy to carry."""
    framework: str
    modules: list[ModuleWeights] = field(default_factory=list)

    def to_tree(self) -> dict:
        return {"framework": self.framework,
                "modules": [{"path": list(m.path), "api": m.api, "arrays": m.arrays,
                             "positional": None if m.positional is None else list(m.positional),
                             "tied": list(m.tied)} for m in self.modules]}

    @classmethod
    def from_tree(cls, tree: dict) -> "WeightExport":
        return cls(tree["framework"], [
            ModuleWeights(tuple(m["path"]), m["api"], dict(m["arrays"]),
                          None if m.get("positional") is None else tuple(m["positional"]), tuple(m.get("tied", ())))
            for m in tree["modules"]])


def export_weights(src_model) -> WeightExport:
    """The source side: every module with weights, by path, with its table entry's api."""
    srt = runtime_of(src_model)
    src_fw = frameworks.get(srt.NAME)
    out = WeightExport(srt.NAME)
    tied = srt.aliases(src_model) if hasattr(srt, "aliases") else set()
    for path, mod, arrays in srt.modules(src_model):
        if not arrays:
            continue
        if not srt.has_parameters(mod) and _weightless_entry(mod, src_fw.layers, srt):
            continue   # constant buffers (a loss's class weights) are written into the translated code
        s_entry = _entry_for(mod, src_fw.layers, srt)
        positional = srt.positional(src_model, path) if hasattr(srt, "positional") else path
        out.modules.append(ModuleWeights(path, None if s_entry is None else s_entry.api, arrays,
                                         positional if positional != path else None,
                                         tuple(n for n in arrays if (path, n) in tied)))
    return out


def transfer_weights(src_model, dst_model, *, example_inputs=None) -> dict[str, str]:
    """Copy src_model's weights into dst_model in place. Returns {target path: source path}.
    `example_inputs` (arrays or tensors of either side) build a target whose framework creates
    weights on the first call (Keras), where that has not happened yet."""
    srt = runtime_of(src_model)
    dst_name = runtime_of(dst_model).NAME
    own = source_transfers(srt.NAME).get(dst_name)
    if own is not None:   # a source with a transfer of its own to this target (its reader tables' weights)
        return own(src_model, dst_model, example_inputs)
    from nnport.translate.hub import hub
    into = hub(frameworks.source(srt.NAME))
    if into is not None and dst_name not in (into, srt.NAME):   # read completely into its hub only
        raise WeightTransferError(
            f"{srt.NAME} weights go to {dst_name} through {into}, as the translation does: build the "
            f"{into} translation, transfer_weights(src, {into}_model), then transfer_weights({into}_model, dst)")
    if hasattr(srt, "materialize"):   # a source with lazy modules is sized by one call first
        srt.materialize(src_model, example_inputs)
    return import_weights(export_weights(src_model), dst_model, example_inputs=example_inputs)


def source_transfers(framework: str) -> dict:
    """`TRANSFERS` (target name -> transfer function) of nnport.frameworks.<framework>.source_transfer,
    {} where the framework has none (no DL framework is imported)."""
    try:
        mod = importlib.import_module(f"nnport.frameworks.{framework}.source_transfer")
    except ImportError:
        return {}
    return getattr(mod, "TRANSFERS", {})


def import_weights(export: WeightExport, dst_model, *, example_inputs=None) -> dict[str, str]:
    """The target side: write an export into dst_model in place. Returns {target path: source path}."""
    drt = runtime_of(dst_model)
    if hasattr(drt, "prepare"):   # lazily built weights exist before they are written
        drt.prepare(dst_model, example_inputs)
        drt.check_built(dst_model)
    src_fw, dst_fw = frameworks.get(export.framework), frameworks.get(drt.NAME)
    written: dict[str, str] = {}
    for rec in export.modules:
        path, arrays = rec.path, rec.arrays
        where = ".".join(path) or "<root>"
        dmod = drt.find(dst_model, path)
        if dmod is None and rec.positional is not None:   # Sequential children by index, not by name
            path = rec.positional
            where, dmod = ".".join(path), drt.find(dst_model, path)
        if dmod is None and set(arrays) <= set(rec.tied):
            continue   # a tied copy (lm_head.weight is wte.weight): the target computes from the other
        if dmod is None:
            raise WeightTransferError(f"{where}: no module at this path in the target model")
        if rec.api is None:
            for name, value in arrays.items():
                _write(drt, dmod, name, value, f"{where}.{name}", written)
            continue
        s_entry = _source_entry(export.framework, src_fw, rec.api)
        d_entry = _entry_for(dmod, dst_fw.layers, drt)
        if d_entry is None:
            raise WeightTransferError(f"{where}: target module {type(dmod).__qualname__} is not the "
                                      f"translation of {s_entry.api} in the {dst_fw.name} tables")
        canon = {}
        for name, value in arrays.items():
            w = s_entry.weights.get(name) or _reparametrised(s_entry, name)
            if w is None:
                raise WeightTransferError(f"{where}.{name}: {s_entry.api} table has no layout for it")
            canon[w.name] = (value, w.axes, f"{where}.{name}")
        if d_entry.transfer is not None:
            for dname, src_path in d_entry.transfer(canon, dmod, drt).items():
                written[f"{where}.{dname}"] = src_path
            continue
        used = set()
        for dname, w in d_entry.weights.items():
            if w.name not in canon:
                if drt.get_array(dmod, dname) is not None:
                    raise WeightTransferError(f"{where}.{dname}: no source weight {w.name!r}")
                continue
            value, axes, src_path = canon[w.name]
            _write(drt, dmod, dname, permute(value, axes, w.axes), src_path, written, where)
            used.add(w.name)
        unused = set(canon) - used
        if unused:
            raise WeightTransferError(f"{where}: source weights {sorted(unused)} have no place in "
                                      f"{type(dmod).__qualname__}")
    _check_all_written(drt, dst_model, written, dst_fw.layers)
    return written


def _source_entry(name: str, fw, api: str):
    """The entry saying a source module's weight layouts: the framework's reader tables where they
    carry weights (Gluon's), else its own tables (one entry serving both directions)."""
    entry = frameworks.source(name).layers.get(api)
    if entry is not None and entry.weights:
        return entry
    return fw.layers.get(api)


def _write(drt, dmod, name, value, src_path, written, where=None):
    target = f"{where}.{name}" if where else src_path
    if drt.get_array(dmod, name) is None:
        raise WeightTransferError(f"{src_path}: no weight {name!r} in target {type(dmod).__qualname__}")
    try:
        drt.set_array(dmod, name, value)
    except ValueError as e:
        raise WeightTransferError(f"{src_path} -> {target}: {e}") from None
    written[target] = src_path


def _check_all_written(drt, dst_model, written, registry) -> None:
    """Every target weight written, but the constant buffers of weightless table modules (a loss's
    class weights: the translated constructor computes them)."""
    if not hasattr(drt, "variables"):
        return
    have = set(written)
    missing = []
    for path in drt.variables(dst_model):
        if not any(_same_path(path, w) for w in have) and not _constant(drt, dst_model, path, registry):
            missing.append(".".join(path))
    if missing:
        raise WeightTransferError(f"target weights not written by the transfer: {', '.join(missing[:10])}")


def _reparametrised(entry, name: str):
    """weight_norm's parts of a weight (`weight_g`, `weight_v`): the weight's axes (g sized 1 on all but
    one), canonical names `<weight>_g` / `<weight>_v`; the target's entry says where they go."""
    base, _, part = name.rpartition("_")
    w = entry.weights.get(base) if part in ("g", "v") else None
    return None if w is None or w.transform is not None else W(f"{w.name}_{part}", w.axes)


def _constant(drt, dst_model, path: tuple, registry) -> bool:
    mod = drt.find(dst_model, path[:-1])
    return mod is not None and _weightless_entry(mod, registry, drt)


def _same_path(dst_path: tuple, written: str) -> bool:
    # nnx.Sequential keeps its layers under 'layers': the source path has only the index.
    w = [p for p in written.split(".") if p != "<root>"]
    return list(dst_path) == w or [p for p in dst_path if p != "layers"] == w
