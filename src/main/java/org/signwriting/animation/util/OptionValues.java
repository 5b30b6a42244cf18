package org.signwriting.animation.util;

/** The one wording of a command's option value out of its range, for every command and benchmark. */
public final class OptionValues {
  private OptionValues() {
  }

  /** Refuses {@code value} below {@code least}, naming the option and the value given. */
  public static void atLeast(String option, long value, long least) {
    if (value < least) {
      throw new IllegalArgumentException(option + " must be at least " + least + ", not " + value);
    }
  }

  /** Refuses {@code value} outside {@code least} to {@code most}, naming the option and the value given. */
  public static void between(String option, long value, long least, long most) {
    if (value < least || value > most) {
      throw new IllegalArgumentException(option + " must be " + least + " to " + most + ", not " + value);
    }
  }
}
