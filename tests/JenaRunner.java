import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;

/**
 * plangraph's library queries and SHACL shapes on Apache Jena, all in one JVM (tests/jena.py).
 *
 * <p>Reads a job file of tab-separated lines: {@code data PATH} (Turtle, all into one default
 * graph), {@code query NAME PATH REPEAT CAP_SECONDS}, {@code shacl PATH REPEAT}. The data is
 * loaded once. Each query runs once untimed (JIT warm-up; its answer is written as SPARQL JSON
 * results to {@code OUT/NAME.srj}), then REPEAT timed runs (parse, execute, read every row).
 * Prints one tab-separated line per step: {@code load SECONDS TRIPLES}, {@code query NAME
 * SECONDS,...} or {@code query NAME timeout}, {@code shacl SECONDS,... CONFORMS RESULTS} (validation
 * has an untimed first run too).
 */
public class JenaRunner {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        List<String[]> jobs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) jobs.add(line.split("\t"));
        }
        Model data = ModelFactory.createDefaultModel();
        long began = System.nanoTime();
        for (String[] job : jobs) {
            if (job[0].equals("data")) RDFDataMgr.read(data, job[1]);
        }
        System.out.println("load\t" + since(began) + "\t" + data.size());
        for (String[] job : jobs) {
            if (job[0].equals("query")) {
                String text = Files.readString(Path.of(job[2]), StandardCharsets.UTF_8);
                long cap = (long) (Double.parseDouble(job[4]) * 1000);
                System.out.println("query\t" + job[1] + "\t"
                        + query(data, text, Integer.parseInt(job[3]), cap, out.resolve(job[1] + ".srj")));
            } else if (job[0].equals("shacl")) {
                System.out.println("shacl\t" + shacl(data, job[1], Integer.parseInt(job[2])));
            }
            System.out.flush();
        }
    }

    /** Seconds since {@code began} (System.nanoTime). */
    static String since(long began) {
        return String.valueOf((System.nanoTime() - began) / 1e9);
    }

    /** One untimed run writing the answer, then the timed runs; "timeout" past the cap. */
    static String query(Model data, String text, int repeat, long capMillis, Path answer)
            throws Exception {
        try (OutputStream file = Files.newOutputStream(answer)) {
            run(data, text, capMillis, new PrintStream(file, false, StandardCharsets.UTF_8));
            List<String> times = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                long began = System.nanoTime();
                run(data, text, capMillis, null);
                times.add(since(began));
            }
            return String.join(",", times);
        } catch (QueryCancelledException e) {
            return "timeout";
        }
    }

    /** Parse and execute; write the answer to {@code to}, or just read every row. */
    static void run(Model data, String text, long capMillis, PrintStream to) {
        Query query = QueryFactory.create(text);
        try (QueryExecution exec = QueryExecution.model(data).query(query)
                .timeout(capMillis, TimeUnit.MILLISECONDS).build()) {
            if (query.isAskType()) {
                boolean yes = exec.execAsk();
                if (to != null) ResultSetFormatter.outputAsJSON(to, yes);
            } else if (to != null) {
                ResultSetFormatter.outputAsJSON(to, exec.execSelect());
            } else {
                ResultSetFormatter.consume(exec.execSelect());
            }
        }
        if (to != null) to.flush();
    }

    /** One untimed validation of the data (shapes parsed once), then the timed ones. */
    static String shacl(Model data, String shapesFile, int repeat) {
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(shapesFile));
        ValidationReport report = ShaclValidator.get().validate(shapes, data.getGraph());
        List<String> times = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            long began = System.nanoTime();
            report = ShaclValidator.get().validate(shapes, data.getGraph());
            times.add(since(began));
        }
        return String.join(",", times) + "\t" + report.conforms() + "\t"
                + report.getEntries().size();
    }
}
