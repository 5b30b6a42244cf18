package org.signwriting.animation.spark;

import java.io.Serializable;

/**
 * One row prepare-poses should produce: a transcription row, or a pose file without one.
 *
 * @param id the row id: the pose file name without {@code .pose}, plus {@code @START-END} (ms) when cut
 * @param input what a rejection names: {@code CSV:LINE} for a transcription row, else the pose file
 * @param pose the pose file's name relative to the pose folder
 * @param file the pose file's absolute path
 * @param bytes the pose file's size (0 when it is missing), to balance the tasks
 * @param startMs start of the sign in ms, or null
 * @param endMs end of the sign in ms, or null
 * @param split train/dev/test, or {@code untranscribed}
 * @param language the sign language code, or null
 * @param signWriting the row's SignWriting (parsed on the driver), or null for untranscribed poses
 */
record PoseTask(String id, String input, String pose, String file, long bytes, Long startMs, Long endMs,
    String split, String language, SignWritingColumns signWriting) implements Serializable {}
