package io.liveshop.web;

import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (its own profile: its own browser context) driven through the system's chromedriver. The
 * binaries are given explicitly, so Selenium Manager never runs and nothing is downloaded.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("liveshop.chromium", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("liveshop.chromedriver", "/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;
    private final Path profile;

    static boolean available() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER));
    }

    Browser() {
        try {
            profile = Files.createTempDirectory("liveshop-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=412,1400", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    void open(String path) {
        driver.get("http://localhost:" + RestAssured.port + path);
    }

    WebElement find(String css) {
        return until(d -> {
            WebElement e = d.findElement(By.cssSelector(css));
            return e.isDisplayed() ? e : null;
        });
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    void click(String css) {
        until(d -> {
            WebElement e = d.findElement(By.cssSelector(css));
            if (e.isDisplayed() && e.isEnabled()) {
                e.click();
                return true;
            }
            return null;
        });
    }

    /** Waits (generously) until the element's text contains {@code text}; returns the text. */
    String awaitText(String css, String text) {
        return until(d -> {
            String seen = d.findElement(By.cssSelector(css)).getText();
            return seen.contains(text) ? seen : null;
        });
    }

    /** Waits for the condition; on a timeout saves a screenshot and reports what the page shows. */
    <T> T until(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            String name = "failure-" + System.currentTimeMillis();
            screenshot(name);
            String text = driver.findElement(By.tagName("body")).getText();
            throw new AssertionError("timed out on " + driver.getCurrentUrl() + " (screenshot target/screenshots/"
                    + name + ".png); the page shows: " + text.substring(0, Math.min(2000, text.length())), e);
        }
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** The browser console's messages since the last call that mention the Content-Security-Policy. */
    List<String> policyViolations() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy")).toList();
    }

    /** Saves a screenshot under target/screenshots. */
    void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary profile is harmless
        }
    }
}
