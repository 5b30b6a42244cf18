package org.signwriting.animation.cli;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.signwriting.animation.signwriting.Fsw;
import org.signwriting.animation.signwriting.ModelInput;
import org.signwriting.animation.signwriting.RenderOptions;
import org.signwriting.animation.signwriting.Sign;
import org.signwriting.animation.signwriting.SignRenderer;
import org.signwriting.animation.signwriting.SignWriting;
import org.signwriting.animation.signwriting.SignWritingException;
import org.signwriting.animation.signwriting.Swu;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code swa signwriting render|convert}: SignWriting text to images and between its two forms. */
@Command(
    name = "signwriting",
    mixinStandardHelpOptions = true,
    header = "Render SignWriting as an image, convert it between FSW and SWU.",
    description = "SIGN is Formal SignWriting (ASCII, e.g. M518x529S14c20481x471S27106503x489) or SignWriting in "
        + "Unicode (SWU, the form of the transcription CSV). Several signs are separated by spaces.",
    subcommands = {SignWritingCommand.Render.class, SignWritingCommand.Convert.class,
        CommandLine.HelpCommand.class})
public final class SignWritingCommand {

  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      header = "Draw SIGN into a PNG with the Sutton SignWriting fonts.",
      description = {
        "Same geometry as the reference visualizer: each symbol's fill, then its outline, at font size 30, the "
            + "symbol's position as its top-left corner. The image spans from the symbols' top-left to the sign "
            + "box's corner (or to the symbols' measured extent with --no-trust-box). Several signs are stacked "
            + "top to bottom, 20 px apart, in their lanes: L flush left, R flush right, others centred. The PNG "
            + "keeps the FSW in a text chunk.",
        "",
        "Examples:",
        "  swa signwriting render M518x529S14c20481x471S27106503x489 hello.png",
        "  swa signwriting render --clip-image M518x529S14c20481x471S27106503x489 in.png"
      })
  static final class Render implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SIGN", description = "The sign(s), FSW or SWU.")
    String sign;

    @Parameters(index = "1", paramLabel = "OUT.png", description = "Where to write the PNG.")
    Path output;

    @Option(names = "--clip-image",
        description = "Write the model input instead: 224x224 white RGB, the sign centred, drawn to its "
            + "symbols' measured extent; a larger sign is shrunk to fit (and says so on stderr).")
    boolean clipImage;

    @Option(names = "--no-trust-box",
        description = "End the image at the symbols' measured extent instead of the sign box's corner "
            + "(for signs whose box is too small).")
    boolean noTrustBox;

    @Option(names = "--line-color", paramLabel = "#RRGGBB[AA]", converter = ColorConverter.class,
        description = "Outline colour (default: ${DEFAULT-VALUE}).", defaultValue = "#000000")
    Color lineColor;

    @Option(names = "--fill-color", paramLabel = "#RRGGBB[AA]", converter = ColorConverter.class,
        description = "Interior colour; alpha 00 leaves interiors unpainted (default: ${DEFAULT-VALUE}).",
        defaultValue = "#ffffff")
    Color fillColor;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<Sign> signs = SignWriting.parse(sign);
      BufferedImage image;
      if (clipImage) {
        ModelInput input = SignRenderer.modelInput(signs);
        if (input.scaled()) {
          PrintWriter err = spec.commandLine().getErr();
          err.printf("note: the sign is larger than %dx%d; shrunk by %.3f to fit%n",
              SignRenderer.MODEL_INPUT_SIZE, SignRenderer.MODEL_INPUT_SIZE, input.scale());
          err.flush();
        }
        image = input.image();
      } else {
        RenderOptions options = RenderOptions.DEFAULT.withTrustBox(!noTrustBox)
            .withLineColor(lineColor).withFillColor(fillColor);
        try {
          image = SignRenderer.render(signs, options);
        } catch (SignWritingException e) {
          // Parsing is done: what rendering refuses is a box the symbols do not fit, which the option lifts.
          throw noTrustBox ? e : new IllegalArgumentException(e.getMessage() + " (--no-trust-box)", e);
        }
      }
      Files.write(output, SignRenderer.png(image, Fsw.format(signs)));
      PrintWriter out = spec.commandLine().getOut();
      out.printf("wrote %s (%dx%d)%n", output, image.getWidth(), image.getHeight());
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "convert",
      mixinStandardHelpOptions = true,
      header = "Print SIGN in the other form: FSW becomes SWU, SWU becomes FSW.",
      description = {
        "Signs come out separated by one space. Text that does not parse fails with one line giving the offset "
            + "(in characters) and what is wrong there.",
        "",
        "Examples:",
        "  swa signwriting convert M518x529S14c20481x471S27106503x489",
        "  swa signwriting convert --to fsw \"$(cat sign.txt)\""
      })
  static final class Convert implements Callable<Integer> {
    enum Form { fsw, swu }

    @Parameters(paramLabel = "SIGN", description = "The sign(s), FSW or SWU.")
    String sign;

    @Option(names = "--to", paramLabel = "FORM",
        description = "Print this form whatever the input is: ${COMPLETION-CANDIDATES}.")
    Form to;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      List<Sign> signs = SignWriting.parse(sign);
      Form target = to != null ? to : SignWriting.isSwu(sign) ? Form.fsw : Form.swu;
      PrintWriter out = spec.commandLine().getOut();
      out.println(target == Form.fsw ? Fsw.format(signs) : Swu.format(signs));
      out.flush();
      return 0;
    }
  }

  /** {@code #RRGGBB} or {@code #RRGGBBAA}. */
  static final class ColorConverter implements ITypeConverter<Color> {
    @Override
    public Color convert(String value) {
      String hex = value.startsWith("#") ? value.substring(1) : value;
      if (!hex.matches("[0-9a-fA-F]{6}([0-9a-fA-F]{2})?")) {
        throw new IllegalArgumentException("colour '" + value + "' is not #RRGGBB or #RRGGBBAA");
      }
      int rgb = Integer.parseUnsignedInt(hex.substring(0, 6), 16);
      int alpha = hex.length() == 8 ? Integer.parseInt(hex.substring(6), 16) : 255;
      return new Color((alpha << 24) | rgb, true);
    }
  }
}
