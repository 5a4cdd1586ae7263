"""translate/mode_calls.py: model.train() / model.eval() statements go where the target has no module
mode (Gluon), each with an info note at its line; a block left empty gets `pass`; targets with a mode
(Flax NNX) keep them."""
import nnport

CODE = '''import torch


def evaluate(model, batches, check):
    model.eval()
    with torch.no_grad():
        outs = [model(x) for x in batches]
    if check:
        model.train()
    return outs
'''


def test_dropped_with_a_note_for_gluon():
    conv = nnport.convert(CODE, to="mxnet", source="torch")
    assert "model.eval()" not in conv.code and "model.train()" not in conv.code
    assert "    if check:\n        pass\n" in conv.code
    notes = sorted((d.line, d.message.split(":")[0]) for d in conv.diagnostics if "dropped" in d.message)
    assert notes == [(5, "model.eval()"), (9, "model.train()")]
    assert all(d.severity == "info" for d in conv.diagnostics if "dropped" in d.message)
    compile(conv.code, "<gluon>", "exec")


def test_kept_where_the_target_has_them():
    conv = nnport.convert(CODE, to="flax", source="torch")
    assert "model.eval()" in conv.code and "model.train()" in conv.code
    assert not [d for d in conv.diagnostics if "dropped" in d.message]
