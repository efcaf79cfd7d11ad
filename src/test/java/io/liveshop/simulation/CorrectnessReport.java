package io.liveshop.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The correctness verdicts and latency figures of one simulation run, printed as a one-screen summary at the end
 * and written to {@code <summaryDir>/<simulation>-summary.txt} (one {@code PASS name: detail} or
 * {@code FAIL name: detail} line per check) so scripts and the CI test can read them.
 */
public final class CorrectnessReport {

    private final String simulation;
    private final Map<String, String> checks = new ConcurrentSkipListMap<>();
    private final Map<String, String> figures = new ConcurrentSkipListMap<>();

    public CorrectnessReport(String simulation) {
        this.simulation = simulation;
    }

    public void check(String name, boolean passed, String detail) {
        checks.put(name, (passed ? "PASS " : "FAIL ") + name + ": " + detail);
    }

    public void figure(String name, String value) {
        figures.put(name, value);
    }

    public void latency(String name, LatencyRecorder recorder) {
        figure(name, recorder.describe());
    }

    public boolean allPassed() {
        return checks.values().stream().allMatch(line -> line.startsWith("PASS"));
    }

    public void print(String summaryDir) {
        List<String> lines = new ArrayList<>();
        lines.add("==== LiveShop " + simulation + " ====");
        figures.forEach((k, v) -> lines.add(String.format("  %-28s %s", k, v)));
        lines.addAll(checks.values());
        lines.add(allPassed() ? "RESULT PASS" : "RESULT FAIL");
        lines.forEach(System.out::println);
        try {
            Path dir = Path.of(summaryDir);
            Files.createDirectories(dir);
            Files.write(dir.resolve(simulation + "-summary.txt"), lines);
        } catch (IOException e) {
            System.err.println("Could not write the summary: " + e);
        }
    }
}
