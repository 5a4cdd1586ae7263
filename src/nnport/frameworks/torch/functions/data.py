"""torch.utils.data over tensors in memory -> pivot ops: TensorDataset (the tensors, indexed together)
and DataLoader (its batches, in order). Arguments that change no number (workers, pinning, prefetching)
are ignored; shuffling, samplers and collate functions are for the writers to refuse."""
from nnport.frameworks.torch.functions._registry import fn

D = "torch.utils.data."
fn(D + "TensorDataset", "tensor_dataset", "*tensors")
fn(D + "DataLoader", "data_loader",
   "dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0, collate_fn=None, "
   "pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None, multiprocessing_context=None, "
   "generator=None, *, prefetch_factor=None, persistent_workers=False, pin_memory_device='', in_order=True",
   ignore=("num_workers", "pin_memory", "timeout", "worker_init_fn", "multiprocessing_context",
           "prefetch_factor", "persistent_workers", "pin_memory_device", "in_order"))
