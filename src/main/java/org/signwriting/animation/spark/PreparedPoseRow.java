package org.signwriting.animation.spark;

import java.io.Serializable;

/**
 * One row of the prepare-poses table as a Java bean, for {@code Encoders.bean}: its encoder copies the byte
 * arrays into Spark's binary rows in bulk, where a generic {@code Row} converts field by field. Column meanings:
 * {@link org.signwriting.animation.data.PreparedPoses}.
 */
public final class PreparedPoseRow implements Serializable {
  private String id;
  private String pose;
  private String language;
  private Long startMs;
  private Long endMs;
  private float fps;
  private int frames;
  private int people;
  private int points;
  private int dims;
  private String[] pointComponents;
  private String[] pointNames;
  private byte[] data;
  private byte[] confidence;
  private String swu;
  private String fsw;
  private String signId;
  private String split;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getPose() {
    return pose;
  }

  public void setPose(String pose) {
    this.pose = pose;
  }

  public String getLanguage() {
    return language;
  }

  public void setLanguage(String language) {
    this.language = language;
  }

  public Long getStartMs() {
    return startMs;
  }

  public void setStartMs(Long startMs) {
    this.startMs = startMs;
  }

  public Long getEndMs() {
    return endMs;
  }

  public void setEndMs(Long endMs) {
    this.endMs = endMs;
  }

  public float getFps() {
    return fps;
  }

  public void setFps(float fps) {
    this.fps = fps;
  }

  public int getFrames() {
    return frames;
  }

  public void setFrames(int frames) {
    this.frames = frames;
  }

  public int getPeople() {
    return people;
  }

  public void setPeople(int people) {
    this.people = people;
  }

  public int getPoints() {
    return points;
  }

  public void setPoints(int points) {
    this.points = points;
  }

  public int getDims() {
    return dims;
  }

  public void setDims(int dims) {
    this.dims = dims;
  }

  public String[] getPointComponents() {
    return pointComponents;
  }

  public void setPointComponents(String[] pointComponents) {
    this.pointComponents = pointComponents;
  }

  public String[] getPointNames() {
    return pointNames;
  }

  public void setPointNames(String[] pointNames) {
    this.pointNames = pointNames;
  }

  public byte[] getData() {
    return data;
  }

  public void setData(byte[] data) {
    this.data = data;
  }

  public byte[] getConfidence() {
    return confidence;
  }

  public void setConfidence(byte[] confidence) {
    this.confidence = confidence;
  }

  public String getSwu() {
    return swu;
  }

  public void setSwu(String swu) {
    this.swu = swu;
  }

  public String getFsw() {
    return fsw;
  }

  public void setFsw(String fsw) {
    this.fsw = fsw;
  }

  public String getSignId() {
    return signId;
  }

  public void setSignId(String signId) {
    this.signId = signId;
  }

  public String getSplit() {
    return split;
  }

  public void setSplit(String split) {
    this.split = split;
  }
}
