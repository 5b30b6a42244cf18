"""Writes tiny_encoder.pt, the TorchScript image encoder TorchScriptEncoderTest loads.

It stands in for a user's CLIP export: it takes (N, 3, 224, 224) and returns (N, 12), the mean of each
channel over the four quadrants of the image, times the fixed weights 1..12, so the test can compute the
expected output in Java. Regenerate with Debian's python3-torch: /usr/bin/python3 make_tiny_torchscript.py
"""
import torch


class TinyEncoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = torch.nn.Parameter(torch.arange(1, 13, dtype=torch.float32), requires_grad=False)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        quadrants = torch.nn.functional.adaptive_avg_pool2d(images, (2, 2))
        return quadrants.flatten(1) * self.weights


torch.jit.save(torch.jit.script(TinyEncoder().eval()), "tiny_encoder.pt")
