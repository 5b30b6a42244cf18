# Reference figures for MotionMetricsTest: pose-evaluation's DTW-MJE (DTWAggregatedPowerDistanceMeasure, order 2,
# default distance 0, mean over keypoints) with numpy masked arrays, exact DTW (the alignment fastdtw approximates).
import numpy as np
import numpy.ma as ma

def power_distance(h, r, power=2.0, default=0.0):
    diffs = ma.abs(h - r)
    roots = ma.power(ma.sum(ma.power(diffs, power), axis=-1, keepdims=True), 1 / power)
    return ma.filled(roots, default)

def dtw(x, y, dist):
    n, m = len(x), len(y)
    D = np.full((n + 1, m + 1), np.inf); D[0, 0] = 0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            c = float(np.asarray(dist(x[i - 1], y[j - 1])).item())
            D[i, j] = c + min(D[i - 1, j], D[i, j - 1], D[i - 1, j - 1])
    return D[n, m]

def dtw_mje(hyp, ref):  # (frames, people, keypoints, dims) masked arrays
    return ma.array([dtw(hyp[:, 0, k, :], ref[:, 0, k, :], power_distance) for k in range(hyp.shape[2])]).mean()

def data(frames, points, f):
    return np.array([[[f(t, p, d) for d in range(3)] for p in range(points)] for t in range(frames)], dtype=np.float32)

a = data(7, 3, lambda t, p, d: np.sin(0.7 * t + 1.3 * p + 0.5 * d))
b = data(5, 3, lambda t, p, d: 1.5 * np.cos(0.4 * t + 0.9 * p - 0.3 * d))
mask_a = np.zeros((7, 3, 3), bool); mask_a[0, 2] = True; mask_a[4, 2] = True
mask_b = np.zeros((5, 3, 3), bool); mask_b[2, 1] = True
A = ma.array(a[:, None], mask=mask_a[:, None]); B = ma.array(b[:, None], mask=mask_b[:, None])
print("masked %.9f" % dtw_mje(A, B))
print("unmasked %.9f" % dtw_mje(ma.array(a[:, None]), ma.array(b[:, None])))
print("reverse masked %.9f" % dtw_mje(B, A))
# pose-evaluation's own test case, in Euclidean: zeros for 2 frames against ones for 3 frames.
print("zeros-ones %.9f" % dtw_mje(ma.array(np.zeros((2, 1, 4, 3))), ma.array(np.ones((3, 1, 4, 3)))))
