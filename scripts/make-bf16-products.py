"""Writes the TorchScript functions adiv's bf16 precision runs its products through.

DJL 0.35.1 (and 0.36.0) cannot create or cast a bfloat16 array: its JNI layer maps data types 0-8
only and aborts the JVM on bfloat16 (BENCHMARKS.md, "bf16"). These modules take float32 arrays,
compute the affine product or the convolution in bfloat16 inside libtorch and return float32, so no
bfloat16 array ever crosses into Java; autograd records the casts, so gradients reach the float32
parameters as float32.

Run with any PyTorch >= 1.13 (the files load in the libtorch DJL ships):
    python3 scripts/make-bf16-products.py core/src/main/resources/adiv/maps/bf16
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


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, module in [("linear", Linear()), ("linear-bias", LinearBias()), ("conv2d", Conv2d()),
                         ("conv2d-bias", Conv2dBias())]:
        torch.jit.script(module).save(os.path.join(out, name + ".pt"))
        print("wrote", os.path.join(out, name + ".pt"))
