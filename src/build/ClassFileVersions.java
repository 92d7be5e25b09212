import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step: rewrites the classes of the executable jar that are compiled for Java 5 or older (picocli's)
 * as Java 8 class files, with the stack-map frames Java 6+ class files carry, computed by ASM. The JVM's
 * class-data sharing (the launcher's archive) cannot hold class files older than Java 6, so without this
 * every command loaded and verified picocli's classes from the jar on each start. The bytecode itself is
 * unchanged. Usage: java -cp ASM_JAR:JAR ClassFileVersions.java JAR (the jar is replaced).
 */
public final class ClassFileVersions {
    private ClassFileVersions() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        int rewritten = 0;
        // The jar as a zip file system: only the rewritten entries are compressed again; every other
        // entry is copied as it is when the file system is closed.
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            List<Path> classes;
            try (Stream<Path> files = Files.walk(zip.getPath("/"))) {
                classes = files.filter(f -> f.toString().endsWith(".class") && !f.toString().startsWith("/META-INF/")).toList();
            }
            for (Path entry : classes) {
                byte[] bytes = Files.readAllBytes(entry);
                if (majorVersion(bytes) < Opcodes.V1_6) {
                    Files.write(entry, asJava8(bytes));
                    rewritten++;
                }
            }
        }
        System.out.println("ClassFileVersions: " + rewritten + " class files of " + jar.getFileName() + " rewritten as Java 8 class files");
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] asJava8(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
