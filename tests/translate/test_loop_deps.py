"""translate/loop_deps.py: the names and modules the statements of a training loop use, and the
statements a loss depends on (moved into its loss function, or computed there again)."""
import libcst as cst

from nnport.translate import loop_deps as deps


def _block(text: str) -> list:
    return list(cst.parse_module(text).body)


def test_chains_and_overlaps():
    s = _block("y = model.generator.net[0](z) + w.sum()\n")[0]
    assert deps.chains(s) == {"y", "model.generator.net", "z", "w.sum"}
    assert deps.touches(s, "model.generator") and deps.touches(s, "model")
    assert not deps.touches(s, "model.discriminator")
    assert deps.overlaps("model", "model.head") and not deps.overlaps("model.head", "model.headless")


def test_free_names_in_order():
    block = _block("h = enc(x)\nloss = crit(h, y) + h.mean()\n")
    assert deps.free(block) == ["enc", "x", "crit", "y"]   # h is bound first; `mean` is an attribute


def test_region_before_zero_grad_uses_the_module():
    block = _block("x, y = batch\nout = model(x)\nopt.zero_grad()\nloss = crit(out, y)\nloss.backward()\n")
    region, copies = deps.region(block, 4, 2, "loss", "model", set())
    assert [cst.Module([]).code_for_node(s).strip() for s in region] == ["out = model(x)", "loss = crit(out, y)"]
    assert copies == []   # nothing else reads `out` before the loss: moved, not copied


def test_region_copies_what_another_step_reads():
    block = _block("fake = model.g(z)\nd_opt.zero_grad()\nd = model.d(fake.detach())\nd.backward()\n"
                   "d_opt.step()\ng_opt.zero_grad()\ng = model.d(fake)\ng.backward()\n")
    d_region, _ = deps.region(block, 3, 1, "d", "model.d", set())
    assert [deps.small(s).targets[0].target.value for s in d_region] == ["d"]   # fake: a value, not recomputed
    g_region, copies = deps.region(block, 7, 5, "g", "model.g", {id(block[2])})
    assert g_region == [block[0], block[6]] and copies == [block[0]]
