package org.signwriting.animation.embedding;

/**
 * SignWriting text as read from a list, with where it came from ({@code dgs.json[12]},
 * {@code signs.txt:3}) so a sign that does not parse can be named in the error.
 */
public record SignText(String text, String origin) {}
