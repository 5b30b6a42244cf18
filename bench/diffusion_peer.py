#!/usr/bin/env python3
"""The diffusion model of conf/diffusion.json in PyTorch eager: the peer of `swa benchmark diffusion`.

Defines the same computation as the project's DJL model (org.signwriting.animation.diffusion): tokens
[timestep, sign, past frames, noisy future frames] with sinusoidal positions through post-norm Transformer
encoder layers (PyTorch's own nn.TransformerEncoderLayer, as CAMDM uses it), a linear x0 head and a length
head; the training step is the project's (q_sample, forward, masked MSE + velocity + acceleration + length
loss, backward, AdamW, EMA), sampling is 20-frame chunks of DDPM with classifier-free guidance (conditional and
unconditional rows in one batch). It prints its figures as one JSON line and nothing else on stdout: wall
milliseconds ("ms") and the process's CPU milliseconds ("cpu_ms", all its threads) of every timed step or
animation.

    python3 bench/diffusion_peer.py --config conf/diffusion.json --threads 1 --mode train --steps 5
    python3 bench/diffusion_peer.py --config conf/diffusion.json --threads 1 --mode animate --runs 5
"""
import argparse
import json
import math
import os
import time

import torch
from torch import nn


def sinusoidal(count, size):
    table = torch.zeros(count, size)
    for position in range(count):
        for i in range(0, size, 2):
            angle = position * math.exp(-i * math.log(10000.0) / size)
            table[position, i] = math.sin(angle)
            if i + 1 < size:
                table[position, i + 1] = math.cos(angle)
    return table


class SignToPose(nn.Module):
    def __init__(self, m, steps):
        super().__init__()
        self.m = m
        latent, frame = m["latentSize"], m["points"] * m["dims"]
        self.tokens = 2 + m["pastFrames"] + m["futureFrames"]
        self.register_buffer("positions", sinusoidal(max(self.tokens, steps), latent))
        self.time_in = nn.Linear(latent, latent)
        self.time_out = nn.Linear(latent, latent)
        self.sign_projection = nn.Linear(m["signEmbeddingSize"], latent)
        self.null_sign = nn.Parameter(torch.randn(latent))
        self.past_projection = nn.Linear(frame, latent)
        self.future_projection = nn.Linear(frame, latent)
        self.dropout = nn.Dropout(m["dropout"])
        self.layers = nn.ModuleList(
            nn.TransformerEncoderLayer(latent, m["heads"], m["feedForwardSize"], m["dropout"], activation="gelu",
                                       batch_first=True) for _ in range(m["layers"]))
        self.pose_head = nn.Linear(latent, frame)
        self.length_in = nn.Linear(m["signEmbeddingSize"], latent)
        self.length_out = nn.Linear(latent, 1)

    def forward(self, noisy, timesteps, past, sign, keep_sign, keep_past):
        batch = noisy.shape[0]
        time = self.time_out(nn.functional.silu(self.time_in(self.positions[timesteps]))).unsqueeze(1)
        keep = keep_sign.reshape(batch, 1)
        sign_token = (self.sign_projection(sign) * keep + self.null_sign.reshape(1, -1) * (1 - keep)).unsqueeze(1)
        past_tokens = self.past_projection(past * keep_past.reshape(batch, 1, 1))
        future_tokens = self.future_projection(noisy)
        x = torch.cat([time, sign_token, past_tokens, future_tokens], 1) + self.positions[:self.tokens].unsqueeze(0)
        x = self.dropout(x)
        for layer in self.layers:
            x = layer(x)
        x0 = self.pose_head(x[:, self.tokens - self.m["futureFrames"]:])
        log_frames = self.length_out(nn.functional.gelu(self.length_in(sign))).reshape(batch)
        return x0, log_frames


class Diffusion:
    """Cosine schedule, x0 prediction, fixed small posterior variance (GaussianDiffusion in the project)."""

    def __init__(self, steps):
        def alpha_bar(t):
            return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
        self.steps = steps
        betas = [min(1 - alpha_bar((t + 1) / steps) / alpha_bar(t / steps), 0.999) for t in range(steps)]
        self.cumprod, product = [], 1.0
        for b in betas:
            product *= 1 - b
            self.cumprod.append(product)
        self.from_x0, self.from_xt, variance = [], [], []
        for t in range(steps):
            previous = 1.0 if t == 0 else self.cumprod[t - 1]
            variance.append(betas[t] * (1 - previous) / (1 - self.cumprod[t]))
            self.from_x0.append(betas[t] * math.sqrt(previous) / (1 - self.cumprod[t]))
            self.from_xt.append((1 - previous) * math.sqrt(1 - betas[t]) / (1 - self.cumprod[t]))
        self.log_variance = [math.log(variance[1] if t == 0 and steps > 1 else variance[t] if t else betas[0])
                             for t in range(steps)]

    def q_sample(self, x0, timesteps, noise):
        c = torch.tensor(self.cumprod)[timesteps].reshape(-1, 1, 1)
        return x0 * c.sqrt() + noise * (1 - c).sqrt()


def masked_mean(error, mask, dims):
    return (error.square() * mask).sum() / (mask.sum() * dims).clamp(min=1)


def loss(weights, m, predicted, target, mask, log_frames, frame_counts, has_sign):
    batch, frames = predicted.shape[:2]
    error = (predicted - target).reshape(batch, frames, m["points"], m["dims"])
    point_mask = mask.reshape(batch, frames, m["points"], 1)
    mse = masked_mean(error, point_mask, m["dims"])
    velocity_error = error[:, 1:] - error[:, :-1]
    velocity_mask = point_mask[:, 1:] * point_mask[:, :-1]
    velocity = masked_mean(velocity_error, velocity_mask, m["dims"])
    acceleration = masked_mean(velocity_error[:, 1:] - velocity_error[:, :-1],
                               velocity_mask[:, 1:] * velocity_mask[:, :-1], m["dims"])
    length = ((log_frames - frame_counts.log()).square() * has_sign).sum() / has_sign.sum().clamp(min=1)
    return (mse + velocity * weights["velocityWeight"] + acceleration * weights["accelerationWeight"]
            + length * weights["lengthWeight"])


def train(config, batch, steps, warmup):
    m, t = config["model"], config["training"]
    model = SignToPose(m, config["diffusion"]["steps"])
    ema = [p.detach().clone() for p in model.parameters()]
    diffusion = Diffusion(config["diffusion"]["steps"])
    optimizer = torch.optim.AdamW(model.parameters(), lr=t["learningRate"], weight_decay=t["weightDecay"],
                                  eps=1e-8, foreach=True)
    frame = m["points"] * m["dims"]
    drop = config["diffusion"]["conditionDropProbability"]
    times, cpu = [], []
    model.train()
    for step in range(warmup + steps):
        start, start_cpu = time.perf_counter(), time.process_time()
        x0 = torch.randn(batch, m["futureFrames"], frame)
        past = torch.randn(batch, m["pastFrames"], frame)
        sign = torch.randn(batch, m["signEmbeddingSize"])
        mask = torch.ones(batch, m["futureFrames"], m["points"])
        frame_counts = torch.full((batch,), 60.0)
        has_sign = torch.ones(batch)
        keep = (torch.rand(batch) >= drop).float()
        timesteps = torch.randint(0, diffusion.steps, (batch,))
        noisy = diffusion.q_sample(x0, timesteps, torch.randn_like(x0))
        predicted, log_frames = model(noisy, timesteps, past, sign, keep * has_sign, keep)
        total = loss(config["loss"], m, predicted, x0, mask, log_frames, frame_counts, has_sign)
        optimizer.zero_grad(set_to_none=False)
        total.backward()
        optimizer.step()
        with torch.no_grad():
            decay = min(t["emaDecay"], (2.0 + step) / (11.0 + step))
            params = list(model.parameters())
            torch._foreach_mul_(ema, decay)
            torch._foreach_add_(ema, params, alpha=1 - decay)
        total.item()  # the loss value the project's trainer reads every step
        if step >= warmup:
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return times, cpu


def animate(config, frames, guidance, runs, warmup):
    m = config["model"]
    model = SignToPose(m, config["diffusion"]["steps"]).eval()
    diffusion = Diffusion(config["diffusion"]["steps"])
    frame, past_frames, future_frames = m["points"] * m["dims"], m["pastFrames"], m["futureFrames"]
    sign = torch.randn(1, m["signEmbeddingSize"])
    times, cpu = [], []
    with torch.inference_mode():
        for run in range(warmup + runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            torch.manual_seed(run)
            motion = torch.zeros(past_frames + frames + future_frames, frame)
            end = past_frames
            guided = guidance != 1
            rows = 2 if guided else 1
            signs = torch.cat([sign] * rows)
            keep = torch.tensor([1.0, 0.0][:rows])
            while end < past_frames + frames:
                past = motion[end - past_frames:end].unsqueeze(0)
                pasts = torch.cat([past] * rows)
                x = torch.randn(1, future_frames, frame)
                for t in range(diffusion.steps - 1, -1, -1):
                    x0 = model(torch.cat([x] * rows), torch.full((rows,), t), pasts, signs, keep, keep)[0]
                    if guided:
                        x0 = x0[1:] + (x0[:1] - x0[1:]) * guidance
                    mean = x0 * diffusion.from_x0[t] + x * diffusion.from_xt[t]
                    x = mean if t == 0 else mean + torch.randn_like(x) * math.exp(0.5 * diffusion.log_variance[t])
                kept = min(future_frames, past_frames + frames - end)
                motion[end:end + kept] = x[0, :kept]
                end += kept
            motion[past_frames:end].numpy()
            if run >= warmup:
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
    return times, cpu


def blas_library():
    """The BLAS library this process loaded (Debian's torch calls whatever libblas.so.3 points to)."""
    torch.randn(64, 64) @ torch.randn(64, 64)
    try:
        with open("/proc/self/maps") as maps:
            paths = {os.path.realpath(line.split()[-1]) for line in maps if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    named = sorted(p for p in paths if "openblas" in os.path.basename(p) or "mkl" in p) or sorted(paths)
    return named[0] if named else "built in (" + torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0] + ")"


def sgemm_peak(size=2048, repeats=5):
    """GFLOP/s of a float matrix product, by wall time and by the process's CPU time (medians)."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        a @ b
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    flop = 2.0 * size ** 3
    return flop / sorted(wall)[len(wall) // 2] / 1e9, flop / sorted(cpu)[len(cpu) // 2] / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--mode", choices=["train", "animate", "sgemm"], required=True)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--frames", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--guidance", type=float)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    with open(args.config) as f:
        config = json.load(f)
    figures = {"torch": torch.__version__, "blas": blas_library(), "threads": torch.get_num_threads()}
    if args.mode == "train":
        figures["ms"], figures["cpu_ms"] = train(config, args.batch, args.steps, args.warmup)
    elif args.mode == "animate":
        guidance = config["diffusion"]["guidanceScale"] if args.guidance is None else args.guidance
        figures["ms"], figures["cpu_ms"] = animate(config, args.frames, guidance, args.runs, args.warmup)
    else:
        figures["gflops"], figures["cpu_gflops"] = sgemm_peak()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
