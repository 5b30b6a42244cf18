package org.signwriting.animation.synthetic;

/**
 * A point or direction of the synthetic signer, in body units (the shoulder width is 1) and image axes: x to
 * the right of the picture, y down, z away from the camera (MediaPipe's sense: smaller z is nearer).
 */
record Vec3(double x, double y, double z) {
  static final Vec3 ZERO = new Vec3(0, 0, 0);

  Vec3 plus(Vec3 o) {
    return new Vec3(x + o.x, y + o.y, z + o.z);
  }

  Vec3 minus(Vec3 o) {
    return new Vec3(x - o.x, y - o.y, z - o.z);
  }

  Vec3 times(double s) {
    return new Vec3(x * s, y * s, z * s);
  }

  double dot(Vec3 o) {
    return x * o.x + y * o.y + z * o.z;
  }

  Vec3 cross(Vec3 o) {
    return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
  }

  double norm() {
    return Math.sqrt(dot(this));
  }

  Vec3 normalized() {
    double n = norm();
    return n < 1e-12 ? this : times(1 / n);
  }

  /** {@code this + t · (o − this)}. */
  Vec3 lerp(Vec3 o, double t) {
    return new Vec3(x + t * (o.x - x), y + t * (o.y - y), z + t * (o.z - z));
  }

  /** {@code a·this + b·o}. */
  Vec3 combine(double a, Vec3 o, double b) {
    return new Vec3(a * x + b * o.x, a * y + b * o.y, a * z + b * o.z);
  }

  double distance(Vec3 o) {
    return minus(o).norm();
  }
}
