"""Writes the TorchScript functions adiv calls where DJL's Java API stops short.

- maps/bf16/*.pt: the affine product and the convolution in bfloat16. DJL 0.35.1 (and 0.36.0) cannot
  create or cast a bfloat16 array: its JNI layer maps data types 0-8 only and aborts the JVM on
  bfloat16 (BENCHMARKS.md, "bf16"). These take float32 arrays, compute in bfloat16 inside libtorch
  and return float32, so no bfloat16 array crosses into Java; autograd records the casts, so the
  float32 parameters get float32 gradients.
- data/rows.pt: rows of an array by index (index_select): DJL's indexing with an array of rows takes
  the general advanced-indexing path, 2-3x slower for a training batch.
- maps/autograd/float64.pt, float32.pt: casts that autograd records. DJL's toType is not recorded (a
  gradient stops there), so a kernel computed in float64 in a float32 network (adiv.maps.Kernels, where
  the kernel check found the float32 kernel wrong) casts through these.
- maps/autograd/requires-grad.pt: whether autograd will take a gradient through an array. DJL's
  hasGradient answers for leaves only (false for any computed array), and its grad_fn query crashes
  the JVM on a leaf; the kernel check needs to know which calls' inputs need a gradient.
- train/adam.pt: one step of Adam over every parameter at once through libtorch's fused kernel
  (torch._fused_adam_, one pass over each parameter), then the gradients zeroed. DJL reaches no fused
  Adam: its own update makes about 29 passes per parameter (BENCHMARKS.md, "Where an epoch goes").

Run with PyTorch >= 2.0 (adam.pt needs torch._fused_adam_; the others any PyTorch >= 1.13, e.g.
Debian's python3-torch) from the repository root (the files load in the libtorch DJL ships):
    python3 scripts/make-torchscript.py core/src/main/resources/adiv [FILE...]
where FILE (e.g. maps/autograd/float64) writes only those.
"""
import os
import sys
from typing import List

import torch
import torch.nn.functional as F


class Linear(torch.nn.Module):
    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        return F.linear(x.to(torch.bfloat16), w.to(torch.bfloat16)).to(torch.float32)


class LinearBias(torch.nn.Module):
    def forward(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return F.linear(x.to(torch.bfloat16), w.to(torch.bfloat16), b.to(torch.bfloat16)).to(torch.float32)


class Conv2d(torch.nn.Module):
    def forward(self, x: torch.Tensor, w: torch.Tensor, stride: torch.Tensor, padding: torch.Tensor,
                dilation: torch.Tensor) -> torch.Tensor:
        s = torch.jit.annotate(List[int], stride.tolist())
        p = torch.jit.annotate(List[int], padding.tolist())
        d = torch.jit.annotate(List[int], dilation.tolist())
        return F.conv2d(x.to(torch.bfloat16), w.to(torch.bfloat16), None, s, p, d).to(torch.float32)


class Conv2dBias(torch.nn.Module):
    def forward(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor, stride: torch.Tensor,
                padding: torch.Tensor, dilation: torch.Tensor) -> torch.Tensor:
        s = torch.jit.annotate(List[int], stride.tolist())
        p = torch.jit.annotate(List[int], padding.tolist())
        d = torch.jit.annotate(List[int], dilation.tolist())
        return F.conv2d(x.to(torch.bfloat16), w.to(torch.bfloat16), b.to(torch.bfloat16), s, p, d).to(torch.float32)


class Adam(torch.nn.Module):
    """w -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps), m and v updated first."""

    def forward(self, params: List[torch.Tensor], grads: List[torch.Tensor], means: List[torch.Tensor],
                variances: List[torch.Tensor], step: float, lr: float, beta1: float, beta2: float,
                eps: float) -> int:
        steps = [torch.full([], step) for _ in params]
        torch._fused_adam_(params, grads, means, variances, [], steps, lr=lr, beta1=beta1, beta2=beta2,
                           weight_decay=0.0, eps=eps, amsgrad=False, maximize=False)
        torch._foreach_zero_(grads)
        return len(params)


class Rows(torch.nn.Module):
    def forward(self, x: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
        return torch.index_select(x, 0, rows)


class ToFloat64(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.float64)


class ToFloat32(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.float32)


class RequiresGrad(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.tensor(x.requires_grad)


def save(module, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.jit.script(module).save(path)
    print("wrote", path)


MODULES = {
    "maps/bf16/linear": Linear, "maps/bf16/linear-bias": LinearBias, "maps/bf16/conv2d": Conv2d,
    "maps/bf16/conv2d-bias": Conv2dBias, "maps/autograd/float64": ToFloat64,
    "maps/autograd/float32": ToFloat32, "maps/autograd/requires-grad": RequiresGrad,
    "train/adam": Adam, "data/rows": Rows,
}

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "core/src/main/resources/adiv"
    for name in sys.argv[2:] or MODULES:
        save(MODULES[name](), os.path.join(out, name + ".pt"))
