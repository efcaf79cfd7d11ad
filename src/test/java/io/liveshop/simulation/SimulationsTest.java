package io.liveshop.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every Gatling scenario, with small numbers, against the application under test, so the simulator cannot
 * rot. Each run is a separate JVM, exactly as a load tester starts it, and must end with every correctness check
 * passing and Gatling's exit code 0.
 */
@QuarkusTest
class SimulationsTest {

    @ParameterizedTest
    @ValueSource(strings = { "ViewerSurgeSimulation", "PinStormSimulation", "FlashSaleRushSimulation",
            "AuctionBidWarSimulation", "ShopperSimulation", "VoucherDropSimulation",
            "MixedLiveShowSimulation" })
    void scenarioRunsAndItsChecksPass(String simulation) throws Exception {
        Path summaryDir = Path.of("target", "gatling-ci");
        Files.createDirectories(summaryDir);
        Path summary = summaryDir.resolve(simulation + "-summary.txt");
        Files.deleteIfExists(summary);

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-DbaseUrl=" + RestAssured.baseURI + ":" + RestAssured.port,
                "-Dviewers=30", "-Dramp=2", "-Dbuyers=60", "-DsaleQuantity=12", "-Dstock=50", "-Dpins=3",
                "-Dduration=3", "-DsummaryDir=" + summaryDir,
                "-cp", classpath,
                "io.gatling.app.Gatling",
                "--simulation", "io.liveshop.simulation." + simulation,
                "--results-folder", "target/gatling-ci",
                "--no-reports"));
        File log = summaryDir.resolve(simulation + ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), simulation + " did not finish; see " + log);

        String output = Files.readString(log.toPath());
        assertTrue(Files.exists(summary), simulation + " wrote no summary:\n" + tail(output));
        List<String> lines = Files.readAllLines(summary);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("PASS")), "no checks ran: " + lines);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("FAIL")), String.join("\n", lines));
        assertEquals(0, process.exitValue(), "Gatling failed:\n" + tail(output));
    }

    private static String tail(String output) {
        return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    }
}
