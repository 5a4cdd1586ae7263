"""translate/train_modes.py: model.train() / model.eval() for a target without modes (Keras): dropped,
the model's calls after them given training=; unknown after the model is handed to a function."""
import nnport

HEAD = "import torch\nimport torch.nn as nn\n\n\n"
LOOP = '''
def train(model, batches, steps):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    {before}
    for x, y in batches:
        optimizer.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        optimizer.step()
    {after}
    return model(x)
'''


def _keras(code):
    return nnport.convert(HEAD + code, to="keras", source="torch")


def test_modes_from_the_text():
    conv = _keras(LOOP.format(before="model.train()", after="model.eval()"))
    assert "model(x, training=True)" in conv.code and "return model(x, training=False)" in conv.code
    assert "model.train()" not in conv.code and "model.eval()" not in conv.code
    assert not conv.issues, [d.format() for d in conv.issues]


def test_optimizer_model_starts_in_training_mode():
    conv = _keras(LOOP.format(before="", after="model.train(False)"))
    assert "model(x, training=True)" in conv.code and "return model(x, training=False)" in conv.code


def test_unknown_after_handing_the_model():
    conv = _keras("def check(m):\n    m.eval()\n\n" + LOOP.format(before="model.train()", after="check(model)"))
    assert "return model(x)\n" in conv.code
    assert any("check(model, ...)" in d.message for d in conv.issues), [d.format() for d in conv.issues]


def test_evaluation_function():
    conv = _keras("def evaluate(model, x):\n    model.eval()\n    with torch.no_grad():\n        return model(x)\n")
    assert "return model(x, training=False)" in conv.code and "eval()" not in conv.code


def test_flax_keeps_the_modes():
    conv = nnport.convert(HEAD + LOOP.format(before="model.train()", after="model.eval()"), to="flax",
                          source="torch")
    assert "model.train()" in conv.code and "model.eval()" in conv.code and "training=" not in conv.code
