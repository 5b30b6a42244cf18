package org.signwriting.animation.embedding;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/**
 * The encoder's DJL blocks: a small CNN over the {@link EncoderInput} crop. Each stage halves the
 * resolution (3×3 stride-2 convolution, then a 3×3 convolution, each with batch norm and ReLU); the final
 * feature map is flattened, not pooled, so where symbols sit stays in the embedding.
 */
public final class EncoderNetwork {
  private EncoderNetwork() {}

  /** Input (N, 1, inputSize, inputSize) ink in [0, 1]; output (N, embeddingSize), not normalized. */
  public static SequentialBlock encoder(EmbeddingConfig config) {
    SequentialBlock encoder = new SequentialBlock();
    for (int channels : config.stageChannels) {
      encoder.add(convolution(channels, 2)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
      encoder.add(convolution(channels, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
    }
    encoder.add(Blocks.batchFlattenBlock());
    encoder.add(Linear.builder().setUnits(config.embeddingSize).build());
    return encoder;
  }

  /**
   * The encoder followed by the training head: output [embedding (N, E), symbol-label logits (N, L)].
   * Only the encoder is kept after training.
   */
  public static Block withLabelHead(Block encoder, int labelCount) {
    Block head = new ParallelBlock(
        outputs -> new NDList(outputs.get(0).singletonOrThrow(), outputs.get(1).singletonOrThrow()),
        List.of(Blocks.identityBlock(), Linear.builder().setUnits(labelCount).build()));
    return new SequentialBlock().add(encoder).add(head);
  }

  public static Shape inputShape(EmbeddingConfig config, int batch) {
    return new Shape(batch, 1, config.inputSize, config.inputSize);
  }

  private static Conv2d convolution(int channels, int stride) {
    return Conv2d.builder()
        .setKernelShape(new Shape(3, 3))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(1, 1))
        .optBias(false)
        .setFilters(channels)
        .build();
  }
}
