// Test fixture for kafka/cluster-id.test.ts, run with `java -cp 'KAFKA_LIBS/*' format-storage.java`
// (Java's single-file source launcher). Reads one storage-tool argument list per stdin line
// (tab-separated) and runs Kafka's own StorageTool on each in this one JVM, printing
// "ok" or "failed <exit code>: <output>" per line. Kafka's argument parser exits the JVM on
// an argument it rejects, so a rejected id also shows as missing lines and a non-zero exit.
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class FormatStorage {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isEmpty()) continue;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      int code;
      try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
        code = kafka.tools.StorageTool.execute(line.split("\t"), out);
      } catch (Exception e) {
        code = -1;
        captured.writeBytes(String.valueOf(e).getBytes(StandardCharsets.UTF_8));
      }
      String output = captured.toString(StandardCharsets.UTF_8).replace('\n', ' ');
      System.out.println(code == 0 ? "ok" : "failed " + code + ": " + output);
    }
  }
}
