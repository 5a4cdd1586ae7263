"""Recommendation model: EmbeddingBag(mode='mean'/'sum') with offsets for sparse features plus dense MLP."""
import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, num_items=200, num_categories=20, embed_dim=16, dense_features=8):
        super().__init__()
        # variable-length bags of item ids, flattened with offsets
        self.item_bag = nn.EmbeddingBag(num_items, embed_dim, mode="mean")
        self.cat_bag = nn.EmbeddingBag(num_categories, embed_dim, mode="sum")
        self.dense = nn.Sequential(nn.Linear(dense_features, embed_dim), nn.ReLU())
        self.top = nn.Sequential(
            nn.Linear(3 * embed_dim, 32),
            nn.ReLU(),
            nn.Linear(32, 1),
        )

    def forward(self, item_ids, item_offsets, cat_ids, dense_x):
        items = self.item_bag(item_ids, item_offsets)  # (B, D)
        # fixed-size bags: 2D input, no offsets
        cats = self.cat_bag(cat_ids)
        z = torch.cat([items, cats, self.dense(dense_x)], dim=1)
        return torch.sigmoid(self.top(z)).squeeze(-1)


def get_init_inputs():
    return [200, 20, 16, 8]


def get_inputs():
    item_ids = torch.randint(0, 200, (7,))
    item_offsets = torch.tensor([0, 3])  # bag 0 = ids[0:3], bag 1 = ids[3:7]
    cat_ids = torch.randint(0, 20, (2, 4))
    dense_x = torch.randn(2, 8)
    return [item_ids, item_offsets, cat_ids, dense_x]
