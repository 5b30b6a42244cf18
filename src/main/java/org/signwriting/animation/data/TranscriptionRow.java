package org.signwriting.animation.data;

import java.io.Serializable;

/**
 * One row of the transcription CSV ({@code pose,videoLanguage,start,end,text,split}).
 *
 * @param line the row's line number in the CSV (the header is line 1), for messages
 * @param pose the pose file name, relative to the pose folder
 * @param videoLanguage the sign language code, e.g. {@code ase}
 * @param startMs the sign's start in milliseconds, or null for the start of the file
 * @param endMs the sign's end in milliseconds, or null for the end of the file
 * @param text the SignWriting, usually SWU (may be FSW)
 * @param split {@code train}, {@code dev} or {@code test}
 */
public record TranscriptionRow(
    long line, String pose, String videoLanguage, Long startMs, Long endMs, String text, String split)
    implements Serializable {}
