package org.signwriting.animation.pose;

/** Poses put together for viewing. */
public final class PoseMontage {
  /** Shoulder widths between the two signers of {@link #sideBySide}. */
  private static final float GAP = 2.4f;

  private PoseMontage() {}

  /**
   * Two poses of one layout side by side in one pose of two people, e.g. a generated sign (left) and its ground
   * truth (right): each is shoulder-normalized on its own (so a pose in pixels and one in normalized units
   * compare), the right one moved {@value #GAP} shoulder widths to the right, and the shorter one holds its
   * last frame. The first person of each is used; the frame rate is the left pose's.
   */
  public static Pose sideBySide(Pose left, Pose right) {
    Pose a = Holistic.normalizeShoulders(left);
    Pose b = Holistic.normalizeShoulders(right);
    PoseBody ab = a.body();
    PoseBody bb = b.body();
    if (ab.points() != bb.points() || ab.dims() != bb.dims()) {
      throw new IllegalArgumentException("the poses have different layouts (" + ab.points() + " and "
          + bb.points() + " points)");
    }
    if (ab.frames() == 0 || bb.frames() == 0) {
      throw new IllegalArgumentException("both poses need frames");
    }
    int frames = Math.max(ab.frames(), bb.frames());
    int points = ab.points();
    int dims = ab.dims();
    float[] data = new float[frames * 2 * points * dims];
    float[] confidence = new float[frames * 2 * points];
    for (int f = 0; f < frames; f++) {
      for (int person = 0; person < 2; person++) {
        PoseBody source = person == 0 ? ab : bb;
        int from = Math.min(f, source.frames() - 1);
        int to = (f * 2 + person) * points;
        System.arraycopy(source.data(), source.dataIndex(from, 0, 0), data, to * dims, points * dims);
        System.arraycopy(source.confidence(), source.confidenceIndex(from, 0, 0), confidence, to, points);
        if (person == 1) {
          for (int p = 0; p < points; p++) {
            data[(to + p) * dims] += GAP;
          }
        }
      }
    }
    return new Pose(a.header(), new PoseBody(ab.fps(), frames, 2, points, dims, data, confidence));
  }
}
