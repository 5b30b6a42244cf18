package org.signwriting.animation.embedding;

import java.util.List;

/** A few real signs and a tiny encoder config, so tests train in seconds. */
final class TinyModels {
  private TinyModels() {}

  /** Eight DGS signs and two fingerspelling letters, in FSW. */
  static final List<String> SIGNS = List.of(
      "M549x518S17600532x453S21d00531x442S2ff00482x483S26503517x469",
      "M531x541S18510500x481S18518471x481S2e01c469x504S2e004510x505S20600486x460S2fb00495x535",
      "M553x531S17718447x516S17710471x516S20500466x504S2b701500x490S15751522x469S2b701519x491",
      "M522x525S10e20478x474S20356478x510",
      "M507x507S1f720487x492",
      "M508x507S16d20491x487",
      "M518x529S14c20481x471S27106503x489",
      "M513x507S1ce20491x477",
      "M524x515S18210501x500S18218476x500S20600489x486",
      "M508x507S10120492x477");

  static EmbeddingConfig config() {
    return EmbeddingConfig.fromJson("""
        {"inputSize": 16, "minCropSize": 96, "stageChannels": [4, 8], "embeddingSize": 8,
         "training": {"batchSize": 4, "learningRate": 0.01, "epochs": 5, "maxSteps": 3}}
        """, "tiny config");
  }

  static List<SignText> texts() {
    return SIGNS.stream().map(s -> new SignText(s, "test")).toList();
  }
}
