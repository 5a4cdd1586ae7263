"""Two-layer graph convolutional network on dense batched adjacency matrices."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class GraphConvolution(nn.Module):
    """Simple GCN layer, similar to https://arxiv.org/abs/1609.02907"""

    def __init__(self, in_features, out_features, bias=True):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = nn.Parameter(torch.FloatTensor(in_features, out_features))
        if bias:
            self.bias = nn.Parameter(torch.FloatTensor(out_features))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.weight.size(1))
        self.weight.data.uniform_(-stdv, stdv)
        if self.bias is not None:
            self.bias.data.uniform_(-stdv, stdv)

    def forward(self, input, adj):
        support = torch.matmul(input, self.weight)  # (B, N, F_out)
        output = torch.bmm(adj, support)
        if self.bias is not None:
            return output + self.bias
        return output


class Model(nn.Module):
    def __init__(self, nfeat=16, nhid=32, nclass=4, dropout=0.5):
        super().__init__()
        self.gc1 = GraphConvolution(nfeat, nhid)
        self.gc2 = GraphConvolution(nhid, nclass)
        self.dropout = dropout

    def forward(self, x, adj):
        # symmetric normalisation D^-1/2 (A + I) D^-1/2
        adj = adj + torch.eye(adj.size(-1)).unsqueeze(0)
        deg = adj.sum(dim=-1)
        d_inv_sqrt = deg.pow(-0.5)
        adj = d_inv_sqrt.unsqueeze(-1) * adj * d_inv_sqrt.unsqueeze(-2)

        x = F.relu(self.gc1(x, adj))
        x = F.dropout(x, self.dropout, training=self.training)
        x = self.gc2(x, adj)
        return F.log_softmax(x, dim=-1)


def get_init_inputs():
    return [16, 32, 4, 0.5]


def get_inputs():
    x = torch.randn(2, 10, 16)
    adj = (torch.rand(2, 10, 10) > 0.7).float()
    adj = ((adj + adj.transpose(1, 2)) > 0).float()  # undirected graph
    return [x, adj]
