package io.audioinsight.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Command-line open-loop, fixed-rate HTTP load generator (see {@link LoadOptions#USAGE}).
 *
 * <p>Prints a human-readable summary, appends one CSV row when {@code --csv} is given, and prints the line
 * {@code # measuring} when the measured window starts (after {@code --warmup}), so a script can start other load
 * at the same moment. Exit status: 0 after a run that got at least one response, 3 when nothing answered,
 * 2 for bad options, 1 for other failures.
 */
public final class OpenLoopLoad {

    private OpenLoopLoad() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.println(LoadOptions.USAGE);
            System.exit(args.length == 0 ? 2 : 0);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    private static int run(LoadOptions options) {
        Buffer body;
        try {
            body = options.bodyFile() == null ? null : Buffer.buffer(Files.readAllBytes(options.bodyFile()));
        } catch (IOException e) {
            System.err.println("error: cannot read --body " + options.bodyFile() + ": " + e.getMessage());
            return 2;
        }
        // One event loop is plenty for the rates this is used at, and leaves the cores to the server under test.
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)).build();
        try {
            LoadReport report = OpenLoopRun.run(vertx, options, body, () -> {
                System.out.println("# measuring");
                System.out.flush();
            }).toCompletionStage().toCompletableFuture().get();
            System.out.println(report.text());
            if (options.csvFile() != null) {
                appendCsv(options, report);
            }
            return report.responses() > 0 ? 0 : 3;
        } catch (Exception e) {
            System.err.println("error: load run failed: " + e);
            return 1;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static void appendCsv(LoadOptions options, LoadReport report) throws IOException {
        boolean fresh = !Files.exists(options.csvFile()) || Files.size(options.csvFile()) == 0;
        if (options.csvFile().toAbsolutePath().getParent() != null) {
            Files.createDirectories(options.csvFile().toAbsolutePath().getParent());
        }
        String text = (fresh ? LoadReport.CSV_HEADER + "\n" : "") + report.csvRow() + "\n";
        Files.writeString(options.csvFile(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
