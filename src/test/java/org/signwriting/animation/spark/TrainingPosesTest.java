package org.signwriting.animation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signwriting.animation.io.Inputs;

/**
 * What train's poses must be, said in the library's words: the folder and the problem, no command-line option
 * (swa train maps them to --poses; TrainAnimateCommandsTest holds its wording).
 */
class TrainingPosesTest {
  @TempDir Path dir;

  @Test
  void unusablePosesAreTypedAndNameNoOption() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "not a pose");
    TrainingPoses.PosesException none = assertThrows(TrainingPoses.PosesException.class,
        () -> TrainingPoses.check(Inputs.local(), dir.toString(), null, true));
    assertEquals(TrainingPoses.PosesException.Problem.NOT_POSES, none.problem());
    assertEquals(dir + ": neither a prepare-poses output (no _SUCCESS in it) nor a folder of .pose files",
        none.getMessage());

    Files.write(dir.resolve("a.pose"), new byte[] {0});
    TrainingPoses.PosesException untranscribed = assertThrows(TrainingPoses.PosesException.class,
        () -> TrainingPoses.check(Inputs.local(), dir.toString(), null, false));
    assertEquals(TrainingPoses.PosesException.Problem.NO_TRANSCRIPTIONS, untranscribed.problem());
    assertEquals(dir + " is a folder of pose files: training on SignWriting needs the transcriptions that pair "
        + "them with signs", untranscribed.getMessage());
    TrainingPoses.check(Inputs.local(), dir.toString(), null, true); // untranscribed poses need none
  }
}
