package org.signwriting.animation.spark.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A Spark distribution folder assembled from the Maven build, the way a real one is laid out: {@code jars/}
 * and a {@code RELEASE} file (with it, Spark's launcher takes {@code jars/} as the class path of the
 * executors it starts). {@code target/spark-lib} holds Spark's provided-scope jars, but Maven resolves a jar
 * that the application depends on too (slf4j-api, commons-io, ...) in compile scope, so it sits in
 * {@code target/lib} instead: the dependencies the Spark jars declare (read from the POMs inside them) pull
 * those in, transitively.
 */
public final class SparkDistribution {
  private static final Pattern VERSIONED_JAR = Pattern.compile("(.+?)-\\d[^/]*\\.jar");

  private final Path home;
  private final Set<String> borrowedFromAppLib;

  private SparkDistribution(Path home, Set<String> borrowedFromAppLib) {
    this.home = home;
    this.borrowedFromAppLib = borrowedFromAppLib;
  }

  public Path home() {
    return home;
  }

  public Path jars() {
    return home.resolve("jars");
  }

  /** The application jars that Spark needs too and that the distribution therefore holds. */
  public Set<String> borrowedFromAppLib() {
    return borrowedFromAppLib;
  }

  public static SparkDistribution assemble(Path home, Path sparkLib, Path appLib, String sparkVersion)
      throws IOException {
    Path jars = home.resolve("jars");
    Files.createDirectories(jars);
    Map<String, Path> appJars = jarsByArtifact(appLib);
    Deque<Path> toScan = new ArrayDeque<>();
    for (Path jar : jarsByArtifact(sparkLib).values()) {
      Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
      toScan.add(jar);
    }
    Set<String> borrowed = new TreeSet<>();
    while (!toScan.isEmpty()) {
      for (String dependency : declaredDependencies(toScan.pop())) {
        Path appJar = appJars.get(dependency);
        if (appJar != null && borrowed.add(appJar.getFileName().toString())) {
          Files.createSymbolicLink(jars.resolve(appJar.getFileName()), appJar.toAbsolutePath());
          toScan.add(appJar);
        }
      }
    }
    Files.writeString(home.resolve("RELEASE"),
        "Spark " + sparkVersion + " (Scala 2.13), assembled from the Maven build for the swa tests\n",
        StandardCharsets.UTF_8);
    return new SparkDistribution(home, borrowed);
  }

  /** artifactId (from the file name) to jar. */
  static Map<String, Path> jarsByArtifact(Path folder) throws IOException {
    Map<String, Path> byArtifact = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
        Matcher m = VERSIONED_JAR.matcher(jar.getFileName().toString());
        byArtifact.put(m.matches() ? m.group(1) : jar.getFileName().toString(), jar);
      }
    }
    return byArtifact;
  }

  /** The artifactIds of the compile and runtime dependencies declared by the POMs a jar carries. */
  static Set<String> declaredDependencies(Path jar) throws IOException {
    Set<String> dependencies = new LinkedHashSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      List<java.util.jar.JarEntry> poms = file.stream()
          .filter(e -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.xml"))
          .toList();
      for (java.util.jar.JarEntry pom : poms) {
        try (InputStream in = file.getInputStream(pom)) {
          dependencies.addAll(dependenciesOf(in));
        }
      }
    }
    return dependencies;
  }

  private static Set<String> dependenciesOf(InputStream pom) throws IOException {
    Set<String> dependencies = new LinkedHashSet<>();
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(pom);
      for (Node list = document.getDocumentElement().getFirstChild(); list != null; list = list.getNextSibling()) {
        if (!"dependencies".equals(list.getNodeName())) {
          continue; // only the project's own list, not dependencyManagement or profiles
        }
        NodeList entries = ((Element) list).getElementsByTagName("dependency");
        for (int i = 0; i < entries.getLength(); i++) {
          Element dependency = (Element) entries.item(i);
          if (dependency.getParentNode() != list) {
            continue; // exclusions
          }
          String scope = text(dependency, "scope");
          if ("true".equals(text(dependency, "optional")) || "test".equals(scope) || "provided".equals(scope)) {
            continue;
          }
          dependencies.add(text(dependency, "artifactId").replace("${scala.binary.version}", "2.13"));
        }
      }
    } catch (org.xml.sax.SAXException | javax.xml.parsers.ParserConfigurationException e) {
      throw new IOException("unreadable POM: " + e.getMessage(), e);
    }
    return dependencies;
  }

  private static String text(Element parent, String child) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (child.equals(n.getNodeName())) {
        return n.getTextContent().trim();
      }
    }
    return "";
  }
}
