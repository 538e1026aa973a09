package atende.bench;

import static org.assertj.core.api.Assertions.assertThat;

import atende.local.Emulator;
import com.google.cloud.functions.invoker.runner.Invoker;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar (functions/target/deployment/atende-functions.jar, built by the functions module's
 * package phase, which the reactor runs before this module's tests) is what Cloud Functions runs, and its
 * shade filters drop classes (functions/pom.xml). The end-to-end tests run the functions from classes, so
 * only this test proves the jar itself is complete: every class of ours links against what the jar holds,
 * every entry point is constructed from it, and the webhook serves a real payload from it under the
 * Functions Framework invoker, as production starts it.
 */
class DeployableJarTest {
  private static final Path REPO = Path.of(System.getProperty("atende.repo", "..")).toAbsolutePath().normalize();
  private static final Path JAR = REPO.resolve("functions/target/deployment/atende-functions.jar");
  private static final List<String> ENTRY_POINTS = List.of("atende.functions.EraseCustomer", "atende.functions.EvolutionWebhook",
      "atende.functions.FollowUpSweep", "atende.functions.Metrics", "atende.functions.NotifyEscalation",
      "atende.functions.ProcessMessage", "atende.functions.ResyncKnowledgeSources", "atende.functions.SyncKnowledgeSource",
      "atende.functions.TicketEdited");

  @Test
  void everyClassOfOursLinksAndEveryEntryPointIsConstructedFromTheJar() throws Exception {
    assertThat(JAR).as("build it with mvn package").exists();
    // Settings reads system properties when the environment has no value: the functions' Firestore
    // clients (from the jar's gRPC and Netty) point at the emulator; Evolution and Pub/Sub are never
    // called (gRPC channels connect on first use). Without credentials the Gemini and embedding clients
    // cannot start: the functions are still constructed (they fail those calls visibly, or rank lexically).
    Map<String, String> settings = Map.of("FIRESTORE_EMULATOR_HOST", Emulator.shared().host(),
        "PUBSUB_EMULATOR_HOST", "127.0.0.1:9",
        "GOOGLE_CLOUD_PROJECT", "atende-jar-test", "EVOLUTION_API_URL", "http://127.0.0.1:9",
        "EVOLUTION_API_KEY", "unused", "ATENDE_WEBHOOK_TOKEN", "unused");
    settings.forEach(System::setProperty);
    // As on Cloud Functions: the jar's classes on top of the invoker, which provides the Functions
    // Framework API and CloudEvents; nothing of this test's classpath.
    try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL(), invokerJar().toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      List<String> ours = new ArrayList<>();
      TreeSet<String> missing = new TreeSet<>();
      try (JarFile jar = new JarFile(JAR.toFile())) {
        for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith("atende/") && e.getName().endsWith(".class")).toList()) {
          String name = entry.getName();
          ours.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
          // Every class our code refers to, in signatures or method bodies, must load from the jar and the
          // invoker: a class the shade filters dropped is reported here, before a function meets it.
          try (DataInputStream in = new DataInputStream(jar.getInputStream(entry))) {
            for (String referenced : referencedClasses(in)) {
              try {
                Class.forName(referenced, false, loader);
              } catch (ClassNotFoundException | LinkageError e) {
                missing.add(referenced + " (from " + name + ")");
              }
            }
          }
        }
      }
      assertThat(ours).hasSizeGreaterThan(50);
      assertThat(missing).isEmpty();

      Class<?> http = loader.loadClass("com.google.cloud.functions.HttpFunction");
      Class<?> events = loader.loadClass("com.google.cloud.functions.CloudEventsFunction");
      TreeSet<String> functions = new TreeSet<>();
      for (String name : ours) {
        Class<?> type = Class.forName(name, false, loader);
        boolean function = http.isAssignableFrom(type) || events.isAssignableFrom(type);
        if (function && !Modifier.isAbstract(type.getModifiers())) functions.add(name);
      }
      assertThat(functions).containsExactlyElementsOf(ENTRY_POINTS);
      for (String name : functions) {
        Object function = Class.forName(name, true, loader).getConstructor().newInstance();
        assertThat(function.getClass().getClassLoader()).isSameAs(loader);
      }
    } finally {
      settings.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  void theWebhookServesARealPayloadFromTheJarUnderTheInvoker() throws Exception {
    assertThat(JAR).as("build it with mvn package").exists();
    String token = "jar-test-token";
    Map<String, String> env = Map.of("FIRESTORE_EMULATOR_HOST", Emulator.shared().host(), "ATENDE_WEBHOOK_TOKEN", token);
    // Answers 200 only after the message is stored in Firestore: gRPC from the jar works.
    long ms = ColdStart.measure(invokerJar().toString(), JAR.toString(), "atende.functions.EvolutionWebhook", env,
        ColdStart::payload, token);
    assertThat(ms).isPositive();
  }

  /** The classes a class file names in its constant pool (JVMS 4.4), array types reduced to their element class. */
  static List<String> referencedClasses(DataInputStream in) throws IOException {
    in.readInt(); // magic
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classNames = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNames.add(in.readUnsignedShort());
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++; // takes two entries
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    List<String> names = new ArrayList<>();
    for (int index : classNames) {
      String name = utf8[index];
      if (name.startsWith("[")) {
        int l = name.indexOf('L');
        if (l < 0) continue; // array of primitives
        name = name.substring(l + 1, name.length() - 1);
      }
      names.add(name.replace('/', '.'));
    }
    return names;
  }

  private static Path invokerJar() throws Exception {
    return new File(Invoker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toPath();
  }
}
