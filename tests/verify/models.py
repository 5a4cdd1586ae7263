"""Small PyTorch model files for the verify tests: one Linear layer `fc` and a forward body."""
import textwrap


def net(forward: str = "return self.fc(x)", *, d_in: int = 4, d_out: int = 4, imports: str = "torch") -> str:
    head = "".join(f"import {m}\n" for m in imports.split())
    return (f"{head}import torch.nn as nn\n\n\nclass Net(nn.Module):\n"
            f"    def __init__(self, n={d_in}):\n        super().__init__()\n        self.fc = nn.Linear(n, {d_out})\n\n"
            f"    def forward(self, x):\n" + textwrap.indent(textwrap.dedent(forward).strip() + "\n", " " * 8))
