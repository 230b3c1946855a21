package dev.cadre.fulfillment.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cadre.fulfillment.cli.DemoCommand;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a person sees it: {@code ./cadre demo --dashboard} runs (in this JVM, through
 * the command's entry point), a real headless Chromium (Debian's {@code chromium}, driven through
 * {@code chromedriver} by Selenium; both installed by {@code .ci/install-test-tools}) opens the
 * page, and the test checks what a person would: the real supervisors and their children, numbers
 * that move, a slow consumer's growing mailbox, an injected crash in the feed, a group expanded on
 * demand, and never an error. It saves screenshots under {@code target/}.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aPersonWatchingTheDemoSeesTheTreeLiveNumbersACrashAndNoError() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no browser here: /usr/bin/chromium and /usr/bin/chromedriver are missing; run .ci/install-test-tools "
                        + "(apt-get install chromium chromium-driver) to run this test");

        Output out = new Output();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread demo = new Thread(() -> exit.set(DemoCommand.run(new String[] {"--orders", "2000000", "--dashboard", "0",
            "--crash-rate", "0.01", "--slow-rate", "0.005", "--seed", "11", "--quiet"}, print, print)), "demo");
        demo.start();
        WebDriver driver = null;
        try {
            String url = awaitUrl(out);
            driver = chromium();
            WebDriverWait wait = new WebDriverWait(driver, PATIENCE, Duration.ofMillis(200));
            driver.get(url);

            // Live: the stream connected and the tree shows the real supervisors and their children.
            wait.until(d -> d.findElement(By.id("conn")).getText().equals("live"));
            wait.until(d -> !d.findElements(By.cssSelector("tr[data-path='/user/fulfilment/warehouse/pick']")).isEmpty());
            WebDriver page = driver;
            assertThat(supervision(page, "/user/fulfilment")).isEqualTo("supervises: one-for-one, intensity 1 in 5s");
            assertThat(supervision(page, "/user/fulfilment/warehouse")).startsWith("supervises: rest-for-one");
            assertThat(supervision(page, "/user/fulfilment/shipping")).startsWith("supervises: one-for-all");
            assertThat(supervision(page, "/user/fulfilment/payments")).startsWith("supervises: pool (one-for-one)");
            for (String child : List.of("/user/fulfilment/warehouse/pack", "/user/fulfilment/warehouse/label",
                    "/user/fulfilment/shipping/dock", "/user/fulfilment/shipping/carrier",
                    "/user/fulfilment/inventory/shard-0", "/user/fulfilment/ledger", "/user/fulfilment/intake")) {
                assertThat(row(page, child)).as(child).isNotNull();
            }
            assertThat(cell(row(page, "/user/fulfilment/shipping/dock"), 5)).isEqualTo("256"); // capacity
            // 500 order actors in flight are one group, not 500 rows.
            wait.until(d -> !d.findElements(By.cssSelector("tr.group[data-group='/user/fulfilment/intake|order-*']"))
                    .isEmpty());
            assertThat(driver.findElements(By.cssSelector("tr[data-path^='/user/fulfilment/intake/order-']"))).isEmpty();
            noError(driver);

            // Numbers move between two reads without a reload.
            String processed1 = text(driver, "s-processed");
            String ledger1 = cell(row(page, "/user/fulfilment/ledger"), 7);
            String depth1 = text(driver, "s-depth");
            wait.until(d -> !text(d, "s-processed").equals(processed1));
            wait.until(d -> !cell(row(d, "/user/fulfilment/ledger"), 7).equals(ledger1));
            wait.until(d -> !text(d, "s-depth").equals(depth1));
            noError(driver);

            // The slow consumers show up as the deepest mailboxes.
            wait.until(d -> d.findElement(By.id("top-depth")).getText().matches(
                    "(?s).*/user/fulfilment/(shipping/dock|notifications).*"));
            // An injected crash appears in the feed.
            wait.until(d -> feed(d, "crash").stream().anyMatch(li -> li.contains("InjectedCrash")));
            noError(driver);
            screenshot(driver, "dashboard-e2e.png");

            // Expanding the order group shows individual order actors.
            // (The table is re-rendered every second: a click that lands on a replaced button is retried.)
            new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                        d.findElement(By.cssSelector("tr.group[data-group='/user/fulfilment/intake|order-*'] "
                                + "button.expand")).click();
                        return true;
                    });
            wait.until(d -> !d.findElements(By.cssSelector("tr.member[data-path^='/user/fulfilment/intake/order-']"))
                    .isEmpty());
            noError(driver);
            screenshot(driver, "dashboard-e2e-expanded.png");
            assertThat(demo.isAlive()).as("the demo is still running").isTrue();
        } finally {
            if (driver != null) {
                driver.quit();
            }
            demo.interrupt();
            demo.join(Duration.ofMinutes(2));
        }
        assertThat(demo.isAlive()).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Exception in thread");
    }

    /** The demo's output; {@link #url} completes when the demo prints its dashboard's address. */
    static final class Output extends ByteArrayOutputStream {
        private static final Pattern ADDRESS = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
        final CompletableFuture<String> url = new CompletableFuture<>();

        @Override
        public synchronized void write(int b) {
            super.write(b);
            lookForAddress();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            lookForAddress();
        }

        private void lookForAddress() {
            if (!url.isDone()) {
                Matcher m = ADDRESS.matcher(toString(StandardCharsets.UTF_8));
                if (m.find()) {
                    url.complete(m.group(1));
                }
            }
        }
    }

    private static String awaitUrl(Output out) throws Exception {
        try {
            return out.url.get(PATIENCE.toSeconds(), TimeUnit.SECONDS); // a hang guard, not a timing
        } catch (TimeoutException e) {
            throw new AssertionError("the demo did not print its dashboard address; its output:\n"
                    + out.toString(StandardCharsets.UTF_8));
        }
    }

    private static WebDriver chromium() throws Exception {
        // Point Selenium at Debian's driver and browser: Selenium Manager must not download one.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("cadre-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1600,1100", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * The texts of a row's cells, read in one script call: the page re-renders the table with
     * every update, so element handles go stale between two calls.
     */
    @SuppressWarnings("unchecked")
    private static List<String> row(WebDriver d, String path) {
        return (List<String>) ((JavascriptExecutor) d).executeScript(
                "const r = document.querySelector('tr[data-path=\"' + arguments[0] + '\"]');"
                        + "return r ? Array.from(r.cells).map(c => c.innerText.trim()) : null;", path);
    }

    private static String cell(List<String> row, int index) {
        assertThat(row).as("a row of the tree").isNotNull();
        return row.get(index);
    }

    private static String supervision(WebDriver d, String path) {
        return cell(row(d, path), 2);
    }

    @SuppressWarnings("unchecked")
    private static List<String> feed(WebDriver d, String kind) {
        return (List<String>) ((JavascriptExecutor) d).executeScript(
                "return Array.from(document.querySelectorAll('#feed li[data-kind=\"' + arguments[0] + '\"]'))"
                        + ".map(li => li.innerText);", kind);
    }

    private static String text(WebDriver d, String id) {
        return d.findElement(By.id(id)).getText();
    }

    private static void noError(WebDriver d) {
        WebElement error = d.findElement(By.id("error"));
        assertThat(error.isDisplayed()).as("the page shows an error: " + error.getText()).isFalse();
    }

    private static void screenshot(WebDriver d, String name) throws Exception {
        File shot = ((ChromeDriver) d).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
